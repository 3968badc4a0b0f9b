import type { PrismaClient } from "@/server/db/generated/client";
import { rememberIntegrity, type ChainIntegrity } from "@/server/domain/dashboard/integrity";
import { verifyAuditChain } from "./verify";

/** One line of the verification stream (newline-delimited JSON). */
export type VerifyStreamLine =
  | { type: "progress"; checked: number; total: number }
  | { type: "result"; result: Omit<ChainIntegrity, "verifiedAt"> & { verifiedAt: string } }
  | { type: "error"; message: string };

const encoder = new TextEncoder();

/**
 * Walks the whole audit chain and streams its progress as newline-delimited JSON, one line per
 * batch, then the result, which also refreshes the home page's cached check. The walk reads by
 * keyset in batches, so memory stays flat and the first line arrives at once.
 */
export function verifyChainStream(db: PrismaClient, options: { batchSize?: number } = {}): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: VerifyStreamLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const result = await verifyAuditChain(db, { batchSize: options.batchSize ?? 2000, onProgress: (checked, total) => send({ type: "progress", checked, total }) });
        const integrity = rememberIntegrity(db, result, new Date());
        const total = await db.auditEvent.count();
        send({ type: "result", result: { ...integrity, total, verifiedAt: integrity.verifiedAt.toISOString() } });
      } catch (error) {
        send({ type: "error", message: error instanceof Error ? error.message : String(error) });
      }
      controller.close();
    },
  });
}
