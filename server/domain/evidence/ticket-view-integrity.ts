import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { CanonicalEncodingError, GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { EVENT_ROW_COLUMNS, type EventRow } from "@/server/domain/audit/verify";

/** One audit event exactly as stored: the columns the chain hashes, plus the actor's name for display. */
export interface StoredEvent {
  id: string;
  seq: bigint;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

export type EventIntegrity = "ok" | "content altered" | "link broken";

export interface EventCheck {
  integrity: EventIntegrity;
  /** Why the event fails, in words; null when it is intact. */
  problem: string | null;
}

/**
 * Checks one event the way the chain verifier does: its stored content must hash to its stored
 * hash (otherwise it was edited after it was written), and its prevHash must be the hash of the
 * event at seq - 1 (otherwise that predecessor was removed or replaced). `predecessorHash` is
 * undefined when no event with seq - 1 exists.
 */
export function checkEvent(event: StoredEvent, predecessorHash: string | undefined): EventCheck {
  let recomputed: string;
  try {
    recomputed = hashEvent(event, event.prevHash);
  } catch (error) {
    if (!(error instanceof CanonicalEncodingError)) throw error;
    return { integrity: "content altered", problem: `The stored content cannot have been written by the portal (${error.message}).` };
  }
  if (recomputed !== event.hash) {
    return { integrity: "content altered", problem: "The stored content no longer matches the hash recorded when the event was written." };
  }
  const expected = event.seq === 1n ? GENESIS_HASH : predecessorHash;
  if (expected === undefined) {
    return { integrity: "link broken", problem: `No event at seq ${event.seq - 1n}: the event before this one was removed.` };
  }
  if (event.prevHash !== expected) {
    return {
      integrity: "link broken",
      problem: event.seq === 1n ? "The first event does not start from the genesis hash." : `prevHash does not match the hash of seq ${event.seq - 1n}: that event was replaced.`,
    };
  }
  return { integrity: "ok", problem: null };
}

/**
 * A ticket's events in chain order, read the way verifyAuditChain reads them (timestamp as epoch
 * milliseconds, data as jsonb text), so the recomputed hash is the one the verifier would get.
 */
export async function readTicketEvents(db: Pick<PrismaClient, "$queryRaw">, requestId: string): Promise<StoredEvent[]> {
  const rows = await db.$queryRaw<(EventRow & { actorName: string | null })[]>(Prisma.sql`
    SELECT ${EVENT_ROW_COLUMNS}, u.name AS "actorName"
    FROM "AuditEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
    WHERE e."requestId" = ${requestId} ORDER BY e.seq`);
  return rows.map((r) => ({
    id: r.id,
    seq: BigInt(r.seq),
    occurredAt: new Date(Number(r.occurredAtMs)),
    actorType: r.actorType,
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    requestId: r.requestId,
    data: JSON.parse(r.data) as unknown,
    prevHash: r.prevHash,
    hash: r.hash,
  }));
}

export interface TicketIntegrity {
  ok: boolean;
  checked: number;
  altered: number;
  broken: number;
  /** The seq of the newest event in the whole chain, so each event's position can be read against it. */
  headSeq: string | null;
  events: Map<string, EventCheck>;
}

/** Checks each of the ticket's events against its own content and against the stored hash of its predecessor. */
export async function checkTicketIntegrity(db: Pick<PrismaClient, "$queryRaw">, events: StoredEvent[]): Promise<TicketIntegrity> {
  const own = new Map(events.map((e) => [e.seq, e.hash]));
  const wanted = [...new Set(events.map((e) => e.seq - 1n).filter((seq) => seq > 0n && !own.has(seq)))];
  const predecessors = new Map(own);
  if (wanted.length > 0) {
    const rows = await db.$queryRaw<{ seq: bigint; hash: string }[]>(
      Prisma.sql`SELECT seq, hash FROM "AuditEvent" WHERE seq IN (${Prisma.join(wanted)})`,
    );
    for (const row of rows) predecessors.set(BigInt(row.seq), row.hash);
  }
  const [head] = await db.$queryRaw<{ seq: bigint | null }[]>(Prisma.sql`SELECT max(seq) AS seq FROM "AuditEvent"`);
  const checks = new Map<string, EventCheck>();
  let altered = 0;
  let broken = 0;
  for (const event of events) {
    const check = checkEvent(event, predecessors.get(event.seq - 1n));
    if (check.integrity === "content altered") altered++;
    if (check.integrity === "link broken") broken++;
    checks.set(event.id, check);
  }
  return {
    ok: altered === 0 && broken === 0,
    checked: events.length,
    altered,
    broken,
    headSeq: head?.seq == null ? null : BigInt(head.seq).toString(),
    events: checks,
  };
}
