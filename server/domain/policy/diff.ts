import { canonicalJson } from "@/server/domain/audit/canonical";
import type { PolicyDocument } from "./schema";

export interface PolicyChange {
  /** Readable location, e.g. "rules[id=high-risk].then.workflow" or "riskScoring.tiers[tier=HIGH].maxScore". */
  path: string;
  kind: "added" | "removed" | "changed" | "moved";
  before?: unknown;
  after?: unknown;
}

/** Members that identify an element of a list, so lists are compared element by element. */
const IDENTITY_KEYS = ["id", "key", "tier"] as const;

/**
 * A structural diff of two documents. Lists of objects that carry an id (rules, patterns,
 * modifiers, toxic pairs, workflows, tiers) are matched by it, so reordering shows as "moved"
 * (before/after are the positions) rather than as a change of every element after it.
 */
export function diffPolicies(before: PolicyDocument, after: PolicyDocument): PolicyChange[] {
  const out: PolicyChange[] = [];
  diffValue(before, after, "", out);
  return out;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const member = (path: string, key: string) => (path ? `${path}.${key}` : key);

function diffValue(a: unknown, b: unknown, path: string, out: PolicyChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, kind: "added", after: b });
  if (b === undefined) return void out.push({ path, kind: "removed", before: a });
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b, path, out);
  if (isPlain(a) && isPlain(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const key of keys) diffValue(a[key], b[key], member(path, key), out);
    return;
  }
  if (!same(a, b)) out.push({ path, kind: "changed", before: a, after: b });
}

function identityKey(items: unknown[]): (typeof IDENTITY_KEYS)[number] | null {
  if (items.length === 0) return null;
  return IDENTITY_KEYS.find((k) => items.every((item) => isPlain(item) && typeof item[k] === "string")) ?? null;
}

function diffArray(a: unknown[], b: unknown[], path: string, out: PolicyChange[]): void {
  const key = identityKey([...a, ...b]);
  if (key === null) {
    if (a.every(isPlain) && b.every(isPlain)) {
      // Lists of anonymous objects (workflow stages) are compared position by position.
      for (let i = 0; i < Math.max(a.length, b.length); i++) diffValue(a[i], b[i], `${path}[${i}]`, out);
    } else if (!same(a, b)) {
      out.push({ path, kind: "changed", before: a, after: b });
    }
    return;
  }
  const idOf = (item: unknown) => (item as Plain)[key] as string;
  const at = (id: string) => `${path}[${key}=${id}]`;
  const beforeIds = a.map(idOf);
  const afterIds = b.map(idOf);
  for (const item of a) {
    if (!afterIds.includes(idOf(item))) out.push({ path: at(idOf(item)), kind: "removed", before: item });
  }
  const common = afterIds.filter((id) => beforeIds.includes(id));
  const stay = longestIncreasing(common.map((id) => beforeIds.indexOf(id)));
  common.forEach((id, i) => {
    if (!stay.has(i)) out.push({ path: at(id), kind: "moved", before: beforeIds.indexOf(id), after: afterIds.indexOf(id) });
  });
  for (const item of b) {
    const id = idOf(item);
    const old = a.find((x) => idOf(x) === id);
    if (old === undefined) out.push({ path: at(id), kind: "added", after: item });
    else diffValue(old, item, at(id), out);
  }
}

/** Indexes (into `seq`) of one longest strictly increasing subsequence: the elements that did not move. */
function longestIncreasing(seq: number[]): Set<number> {
  const length = seq.map(() => 1);
  const prev = seq.map(() => -1);
  for (let i = 0; i < seq.length; i++) {
    for (let j = 0; j < i; j++) {
      if (seq[j]! < seq[i]! && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < seq.length; i++) if (end === -1 || length[i]! > length[end]!) end = i;
  const keep = new Set<number>();
  for (let i = end; i !== -1; i = prev[i]!) keep.add(i);
  return keep;
}
