import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { findCurrentPolicyVersion, getPolicyVersionByNumber } from "@/server/domain/policy/store";

export interface PolicyExport {
  filename: string;
  version: number;
  contentHash: string;
  /** Pretty JSON: a header naming the version and hash, then the document exactly as published. */
  json: string;
}

/**
 * The published document as a file. The document is the stored one, untouched, so anyone can
 * recompute its SHA-256 over canonical JSON and compare it with the header's contentHash.
 */
export async function exportPolicy(db: PrismaClient, version?: number): Promise<PolicyExport> {
  const row = version === undefined ? await findCurrentPolicyVersion(db) : await getPolicyVersionByNumber(db, version);
  if (!row) throw new AppError("PRECONDITION_FAILED", "No policy has been published yet.");
  const file = {
    format: "access-policy",
    version: row.version,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt.toISOString(),
    document: row.storedDocument,
  };
  return {
    filename: `policy-v${row.version}-${row.contentHash.slice(0, 12)}.json`,
    version: row.version,
    contentHash: row.contentHash,
    json: `${JSON.stringify(file, null, 2)}\n`,
  };
}
