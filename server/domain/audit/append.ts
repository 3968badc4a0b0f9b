import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { APPENDED_SELECT, chainedRow, lockChainHead, translateInsertError, type AppendedAuditEvent } from "./chain";
import { validateAuditEvent, type AuditEventInput } from "./validate";

export type { AuditEventInput } from "./validate";
export { AUDIT_CHAIN_LOCK_KEY, type AppendedAuditEvent } from "./chain";
export { appendAuditEvents, AuditBatchItemError, type KnownReferences } from "./append-batch";

/**
 * Appends one event to the audit chain inside the caller's interactive transaction, so the
 * event commits or rolls back together with the state change it records. The lock, head read
 * and timestamp rules that keep the chain from forking are in lockChainHead.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  input: AuditEventInput,
): Promise<AppendedAuditEvent> {
  const event = validateAuditEvent(input);
  const head = await lockChainHead(tx);
  try {
    return await tx.auditEvent.create({
      data: chainedRow(event, head.seq + 1n, head.occurredAt, head.hash),
      select: APPENDED_SELECT,
    });
  } catch (error) {
    throw translateInsertError(error);
  }
}

/** Appends an event that records no other state change, in a transaction of its own. */
export async function appendAuditEventNow(
  prisma: PrismaClient,
  input: AuditEventInput,
): Promise<AppendedAuditEvent> {
  // Appends queue on the chain lock; allow for a burst of them before giving up.
  return prisma.$transaction((tx) => appendAuditEvent(tx, input), { maxWait: 10_000, timeout: 15_000 });
}
