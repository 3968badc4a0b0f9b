import type { Prisma } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { randomUUID } from "node:crypto";
import { insertRows } from "@/server/db/insert-rows";
import {
  APPENDED_COLUMNS,
  chainedRow,
  lockChainHead,
  translateInsertError,
  unknownReference,
  type AppendedAuditEvent,
} from "./chain";
import { validateAuditEvent, type AuditEventInput, type ValidAuditEvent } from "./validate";

/** A batch refused because of one of its events; `index` is that event's position in the input. */
export class AuditBatchItemError extends AppError {
  constructor(
    readonly index: number,
    cause: AppError,
  ) {
    super(cause.code, `Audit event at index ${index}: ${cause.message}`, cause.field);
  }
}

export interface KnownReferences {
  actorIds?: readonly string[];
  requestIds?: readonly string[];
}

/** Rows per INSERT: one JSON parameter, kept to a size the server parses quickly. */
const ROWS_PER_INSERT = 1_000;

/**
 * Appends events to the audit chain, in the given order, inside the caller's interactive
 * transaction: one lock, one head read and one clock reading for the whole batch, so every event
 * of the batch carries the same occurredAt (never earlier than the head's). The chain rules are
 * those of lockChainHead; a rollback of the caller's transaction removes the whole batch.
 * Every event is validated, and the actors and requests it names are checked, before the lock is
 * taken, so a bad batch fails fast, names the field and the index, and writes nothing.
 */
export async function appendAuditEvents(
  tx: Prisma.TransactionClient,
  inputs: readonly AuditEventInput[],
  /** Ids this transaction has just written or relied on (a row it inserted, its foreign key): not looked up again. */
  known: KnownReferences = {},
): Promise<AppendedAuditEvent[]> {
  if (inputs.length === 0) return [];
  const events = inputs.map(validateAt);
  await checkReferences(tx, events, known);
  const head = await lockChainHead(tx);
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  let prevHash = head.hash;
  for (const [i, event] of events.entries()) {
    const row = { id: randomUUID(), ...chainedRow(event, head.seq + BigInt(i + 1), head.occurredAt, prevHash) };
    rows.push(row);
    prevHash = row.hash;
  }
  const appended: AppendedAuditEvent[] = [];
  try {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const returned = await insertRows<{ id: string; seq: bigint | string; hash: string; occurredAt: Date | string }>(tx, "AuditEvent", chunk, { returning: APPENDED_COLUMNS });
      appended.push(...returned.map((r) => ({ id: r.id, seq: BigInt(r.seq), hash: r.hash, occurredAt: new Date(r.occurredAt) })));
    }
  } catch (error) {
    throw translateInsertError(error);
  }
  // RETURNING gives no order guarantee; callers get the events in chain order.
  return appended.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

function validateAt(input: AuditEventInput, index: number): ValidAuditEvent {
  try {
    if (typeof input !== "object" || input === null) {
      throw new AppError("BAD_REQUEST", "an audit event must be an object");
    }
    return validateAuditEvent(input);
  } catch (error) {
    if (error instanceof AppError) throw new AuditBatchItemError(index, error);
    throw error;
  }
}

/**
 * A foreign-key violation of a multi-row insert does not say which row failed, so the ids are
 * looked up first. The foreign keys stay the guarantee (a row deleted meanwhile still fails the
 * insert, only without the index).
 */
async function checkReferences(tx: Prisma.TransactionClient, events: ValidAuditEvent[], known: KnownReferences): Promise<void> {
  const knownActors = new Set(known.actorIds);
  const knownRequests = new Set(known.requestIds);
  const actorIds = distinct(events.map((e) => e.actorId)).filter((id) => !knownActors.has(id));
  const requestIds = distinct(events.map((e) => e.requestId)).filter((id) => !knownRequests.has(id));
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const actors = actorIds.length ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true } }) : [];
  const requests = requestIds.length ? await tx.accessRequest.findMany({ where: { id: { in: requestIds } }, select: { id: true } }) : [];
  for (const a of actors) knownActors.add(a.id);
  for (const r of requests) knownRequests.add(r.id);
  for (const [index, event] of events.entries()) {
    if (event.actorId !== null && !knownActors.has(event.actorId)) {
      throw new AuditBatchItemError(index, unknownReference("actorId"));
    }
    if (event.requestId !== null && !knownRequests.has(event.requestId)) {
      throw new AuditBatchItemError(index, unknownReference("requestId"));
    }
  }
}

function distinct(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
