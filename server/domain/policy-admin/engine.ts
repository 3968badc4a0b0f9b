import { canonicalJson } from "@/server/domain/audit/canonical";
import { diffPolicies } from "@/server/domain/policy/diff";
import { policyContentHash } from "@/server/domain/policy/hash";
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

/**
 * A version's identity, over the document exactly as stored (an older version may lack sections
 * that now have defaults, and a rollback must reproduce its hash).
 */
export function contentHashOf(document: unknown): string {
  return policyContentHash(document as PolicyDocument);
}

/** The document as a jsonb column gives it back (readonly tuples become arrays, undefined disappears). */
export function asStoredJson<T>(document: T): T {
  return JSON.parse(canonicalJson(document)) as T;
}

export interface PolicyChangeSummary {
  /** Top-level sections with at least one change. */
  sections: string[];
  changeCount: number;
  /** Where each change is, as diffPolicies names it (at most 100, for the audit event). */
  paths: string[];
}

const MAX_PATHS = 100;

/** What a publish changes against the version before it, for the audit event and the review. */
export function summarizeChange(before: PolicyDocument | null, after: PolicyDocument): PolicyChangeSummary {
  if (!before) return { sections: Object.keys(after).sort(), changeCount: 0, paths: [] };
  const changes = diffPolicies(before, after);
  const sections = new Set(changes.map((c) => c.path.split(/[.[]/)[0]!));
  return {
    sections: [...sections].sort(),
    changeCount: changes.length,
    paths: changes.slice(0, MAX_PATHS).map((c) => `${c.kind} ${c.path}`),
  };
}
