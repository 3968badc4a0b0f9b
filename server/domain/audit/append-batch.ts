import type { Prisma } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import {
  APPENDED_SELECT,
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

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters (12 columns a row). */
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
): Promise<AppendedAuditEvent[]> {
  if (inputs.length === 0) return [];
  const events = inputs.map(validateAt);
  await checkReferences(tx, events);
  const head = await lockChainHead(tx);
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  let prevHash = head.hash;
  for (const [i, event] of events.entries()) {
    const row = chainedRow(event, head.seq + BigInt(i + 1), head.occurredAt, prevHash);
    rows.push(row);
    prevHash = row.hash;
  }
  const appended: AppendedAuditEvent[] = [];
  try {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      appended.push(...(await tx.auditEvent.createManyAndReturn({ data: chunk, select: APPENDED_SELECT })));
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
async function checkReferences(tx: Prisma.TransactionClient, events: ValidAuditEvent[]): Promise<void> {
  const actorIds = distinct(events.map((e) => e.actorId));
  const requestIds = distinct(events.map((e) => e.requestId));
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const actors = actorIds.length ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true } }) : [];
  const requests = requestIds.length ? await tx.accessRequest.findMany({ where: { id: { in: requestIds } }, select: { id: true } }) : [];
  const knownActors = new Set(actors.map((a) => a.id));
  const knownRequests = new Set(requests.map((r) => r.id));
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
