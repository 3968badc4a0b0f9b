import { Prisma } from "@/server/db/generated/client";
import { constraintViolation } from "@/server/db/insert-rows";
import { AppError } from "@/server/domain/errors";
import { GENESIS_HASH, hashEvent } from "./canonical";
import type { ValidAuditEvent } from "./validate";

/**
 * Transaction-scoped advisory lock that serialises appends to the chain ("AUDITLOG" in ASCII).
 * No other part of the portal may use this key.
 */
export const AUDIT_CHAIN_LOCK_KEY = 0x41554449544c4f47n;

export interface AppendedAuditEvent {
  id: string;
  seq: bigint;
  hash: string;
  occurredAt: Date;
}

/** Where the next event attaches: the head's seq and hash, and the timestamp to give it. */
export interface ChainHead {
  seq: bigint;
  hash: string;
  occurredAt: Date;
}

interface HeadRow {
  seq: bigint | null;
  hash: string | null;
  occurredAt: Date;
}

/**
 * Takes the chain lock inside the caller's interactive transaction and reads the head. Every
 * writer of the chain (single and batch appends) goes through here.
 *
 * Why the chain never forks (READ COMMITTED, PostgreSQL's default):
 * 1. pg_advisory_xact_lock(AUDIT_CHAIN_LOCK_KEY) is held until the surrounding transaction ends,
 *    so at most one transaction at a time is between "read the head" and "commit".
 * 2. The head is read by a separate statement issued after the lock was granted. Under READ
 *    COMMITTED each statement takes a fresh snapshot, and PostgreSQL makes a transaction's
 *    writes visible before it releases its locks, so this snapshot already contains the events
 *    of whoever held the lock before us. (Reading the head in the same statement that takes the
 *    lock would use a snapshot from before the wait, and could fork the chain.)
 * 3. New events take seq = head + 1, head + 2, ... and chain from the head's hash; a rolled-back
 *    append leaves no trace, so seq stays gapless. The unique index on seq is the last line of
 *    defence should a caller run at REPEATABLE READ or SERIALIZABLE, where the snapshot predates
 *    the lock: that append fails with a unique violation (reported as CONFLICT) instead of
 *    forking the chain.
 * 4. occurredAt is the database clock read after the lock, truncated to the column's millisecond
 *    precision and never earlier than the head's, so timestamps never go backwards along the
 *    chain even if the server clock is stepped back.
 *
 * The lock is held until the caller commits: append as the last write of the transaction, so the
 * chain is blocked for as short a time as possible and no lock-order deadlock with row locks
 * taken afterwards can arise.
 */
export async function lockChainHead(tx: Prisma.TransactionClient): Promise<ChainHead> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${Prisma.raw(AUDIT_CHAIN_LOCK_KEY.toString())})`);
  const [head] = await tx.$queryRaw<HeadRow[]>(Prisma.sql`
    SELECT h.seq, h.hash,
           GREATEST(date_trunc('milliseconds', clock_timestamp()), h."occurredAt") AS "occurredAt"
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT seq, hash, "occurredAt" FROM "AuditEvent" ORDER BY seq DESC LIMIT 1
    ) AS h ON true`);
  if (!head) throw new AppError("INTERNAL", "The audit chain head could not be read");
  return {
    seq: head.seq === null ? 0n : BigInt(head.seq),
    hash: head.hash ?? GENESIS_HASH,
    occurredAt: new Date(head.occurredAt),
  };
}

/** The stored row of a validated event placed at `seq` after an event whose hash is `prevHash`. */
export function chainedRow(
  event: ValidAuditEvent,
  seq: bigint,
  occurredAt: Date,
  prevHash: string,
): Prisma.AuditEventCreateManyInput {
  const hash = hashEvent({ ...event, seq, occurredAt }, prevHash);
  return { ...event, data: event.data as Prisma.InputJsonObject, seq, occurredAt, prevHash, hash };
}

export const APPENDED_SELECT = { id: true, seq: true, hash: true, occurredAt: true } as const;
export const APPENDED_COLUMNS = Object.keys(APPENDED_SELECT);

/** Turns the constraint errors an insert into the chain can raise into domain errors. */
export function translateInsertError(error: unknown): unknown {
  const violation = constraintViolation(error);
  if (violation?.kind === "unique") {
    // Only possible when the caller's snapshot predates the lock (see point 3 of lockChainHead).
    return new AppError(
      "CONFLICT",
      "The audit chain moved on during this transaction (REPEATABLE READ or SERIALIZABLE); retry the transaction",
    );
  }
  if (violation?.kind === "foreignKey") {
    if (violation.detail.includes("actorId")) return unknownReference("actorId");
    if (violation.detail.includes("requestId")) return unknownReference("requestId");
  }
  return error;
}

export function unknownReference(field: "actorId" | "requestId"): AppError {
  return field === "actorId"
    ? new AppError("BAD_REQUEST", "actorId does not name an existing user", "actorId")
    : new AppError("BAD_REQUEST", "requestId does not name an existing access request", "requestId");
}
