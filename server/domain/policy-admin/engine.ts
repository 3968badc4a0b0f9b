import { canonicalJson, sha256Hex } from "@/server/domain/audit/canonical";
import type { PolicyValidationError } from "@/server/domain/policy/cross-checks";
import { validatePolicyDocument, type PolicyDocument } from "@/server/domain/policy/schema";

export type { PolicyValidationError };

export type PolicyValidation =
  | { ok: true; document: PolicyDocument; errors: [] }
  | { ok: false; errors: PolicyValidationError[] };

export function validateDocument(input: unknown): PolicyValidation {
  const result = validatePolicyDocument(input);
  return result.ok ? { ok: true, document: result.document, errors: [] } : result;
}

/** SHA-256 over the canonical JSON of the document as stored: a version's identity. */
export function contentHashOf(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}

/** The document as a jsonb column gives it back (readonly tuples become arrays, undefined disappears). */
export function asStoredJson<T>(document: T): T {
  return JSON.parse(canonicalJson(document)) as T;
}

export interface PolicyChangeSummary {
  /** Top-level sections whose content differs. */
  sections: string[];
}

/** What a publish changes, for the audit event. */
export function summarizeChange(before: PolicyDocument | null, after: PolicyDocument): PolicyChangeSummary {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const sections = [...keys].filter((key) => {
    const a = before ? (before as Record<string, unknown>)[key] : undefined;
    const b = (after as Record<string, unknown>)[key];
    return canonicalJson(a ?? null) !== canonicalJson(b ?? null);
  });
  return { sections: sections.sort() };
}
