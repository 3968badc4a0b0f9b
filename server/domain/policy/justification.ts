import type { PolicyDocument } from "./schema";

export type JustificationCheck =
  | { ok: true }
  | { ok: false; rule: "justification-required" | "justification-min-length" | "justification-filler"; message: string };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

/**
 * A business justification must say something: at least the policy's minimum length, and at
 * least `minDistinctWords` different words once the refused filler phrases are taken out, so
 * that "please, need access asap" padded to length is still refused.
 */
export function checkJustification(text: string | null | undefined, doc: PolicyDocument): JustificationCheck {
  const rules = doc.requests.justification;
  const trimmed = (text ?? "").trim();
  if (trimmed.length === 0) return { ok: false, rule: "justification-required", message: "A business justification is required." };
  if (trimmed.length < rules.minLength) {
    return {
      ok: false,
      rule: "justification-min-length",
      message: `The justification must be at least ${rules.minLength} characters (it has ${trimmed.length}).`,
    };
  }
  let rest = trimmed.toLowerCase();
  for (const phrase of rules.refusedPhrases) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(phrase.toLowerCase())}(?=$|[^\\p{L}\\p{N}])`, "gu");
    rest = rest.replace(pattern, "$1 ");
  }
  const distinct = new Set(words(rest));
  if (distinct.size < rules.minDistinctWords) {
    return {
      ok: false,
      rule: "justification-filler",
      message: `Say what the access is for: the justification needs at least ${rules.minDistinctWords} different words besides filler such as "${rules.refusedPhrases.slice(0, 3).join('", "')}".`,
    };
  }
  return { ok: true };
}
