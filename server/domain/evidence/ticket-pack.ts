import { PassThrough, Readable } from "node:stream";
import type { PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber, parseRequestNumber } from "@/server/domain/requests/number";
import { buildEvidencePack } from "./build";

/** Who may export evidence packs: auditors, who see every ticket, and admins. */
export function mayExportEvidence(roles: readonly unknown[]): boolean {
  return roles.includes("AUDITOR") || roles.includes("ADMIN");
}

/**
 * The one-ticket pack as a web stream with its file name, or null when no ticket has that number.
 * The ZIP streams as it is built; a failure part-way ends the stream with an error, so the
 * download fails instead of delivering a truncated pack.
 */
export async function ticketPackStream(db: PrismaClient, numberText: string, actor: { id: string }): Promise<{ filename: string; body: ReadableStream<Uint8Array> } | null> {
  const number = parseRequestNumber(numberText);
  if (number === null) return null;
  const ticket = await db.accessRequest.findUnique({ where: { number }, select: { id: true } });
  if (!ticket) return null;
  const out = new PassThrough();
  buildEvidencePack(db, { requestIds: [ticket.id] }, out, { actor }).catch((error: unknown) => {
    console.error("[evidence] the pack could not be built:", error instanceof Error ? error.message : error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { filename: `evidence-${formatRequestNumber(number)}.zip`, body: Readable.toWeb(out) as ReadableStream<Uint8Array> };
}
