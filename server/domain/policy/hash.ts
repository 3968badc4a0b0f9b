import { canonicalJson, sha256Hex } from "@/server/domain/audit/canonical";
import type { PolicyDocument } from "./schema";

/**
 * A version's identity: SHA-256 (hex) over the canonical JSON of the validated document, so
 * key order and formatting never change it and the hash can be recomputed from the stored jsonb.
 */
export function policyContentHash(document: PolicyDocument): string {
  return sha256Hex(canonicalJson(document));
}
