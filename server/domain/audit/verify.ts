import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { CanonicalEncodingError, GENESIS_HASH, hashEvent } from "./canonical";

export interface VerifyOptions {
  /** Events fetched per round trip. */
  batchSize?: number;
  onProgress?: (checked: number, total: number) => void;
}

export type VerifyResult =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; brokenAt: { seq: bigint; id: string; reason: string } };

/** Raw columns, shaped for speed: the timestamp as epoch milliseconds, data as jsonb text. */
export interface EventRow {
  id: string;
  seq: bigint;
  occurredAtMs: bigint;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null;
  data: string;
  prevHash: string;
  hash: string;
}

type Client = Pick<PrismaClient, "$queryRaw">;

/** The columns of an EventRow from "AuditEvent" e, exactly as the chain hashes them. */
export const EVENT_ROW_COLUMNS = Prisma.raw(
  `e.id, e.seq, (extract(epoch FROM e."occurredAt") * 1000)::bigint AS "occurredAtMs", e."actorType"::text AS "actorType", e."actorId", ` +
    `e.action, e."entityType", e."entityId", e."requestId", e.data::text AS data, e."prevHash", e.hash`,
);

/**
 * Walks the whole chain in seq order and reports the first broken link. Batches are read by
 * keyset (seq > last seen) so every page is an index range scan and memory stays flat however
 * long the chain is. Each row is checked in this order, which makes the reason precise:
 * 1. its own hash: a mismatch means the stored row was edited after it was written;
 * 2. seq continuity: a gap means events were removed;
 * 3. its prevHash against the previous row's hash: a mismatch with intact seqs means a row
 *    before it was replaced, or rows were inserted or renumbered.
 * Removing events from the very end is invisible to any chain; compare headHash with a
 * previously recorded head to detect that.
 */
export async function verifyAuditChain(prisma: Client, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5_000));
  const [counted] = await prisma.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "AuditEvent"`;
  const totalEvents = Number(counted?.total ?? 0);
  let checked = 0;
  let prevSeq = 0n;
  let prevHash = GENESIS_HASH;
  options.onProgress?.(0, totalEvents);
  const fetchAfter = (after: bigint) =>
    prisma.$queryRaw<EventRow[]>(Prisma.sql`
      SELECT ${EVENT_ROW_COLUMNS} FROM "AuditEvent" e WHERE e.seq > ${after} ORDER BY e.seq LIMIT ${batchSize}`);
  let next: Promise<EventRow[]> | undefined = fetchAfter(0n);
  while (next) {
    const rows: EventRow[] = await next;
    // Fetch the following batch while this one is hashed: the database and the hashing overlap.
    next = rows.length === batchSize ? fetchAfter(BigInt(rows[rows.length - 1]!.seq)) : undefined;
    for (const row of rows) {
      const seq = BigInt(row.seq);
      const reason = checkRow(row, seq, prevSeq, prevHash);
      if (reason) {
        next?.catch(() => undefined);
        return { ok: false, checked, brokenAt: { seq, id: row.id, reason } };
      }
      prevSeq = seq;
      prevHash = row.hash;
      checked++;
    }
    options.onProgress?.(checked, Math.max(totalEvents, checked));
  }
  return { ok: true, checked, headHash: prevHash };
}

function checkRow(row: EventRow, seq: bigint, prevSeq: bigint, prevHash: string): string | undefined {
  let recomputed: string;
  try {
    recomputed = hashEvent(
      {
        seq,
        occurredAt: new Date(Number(row.occurredAtMs)),
        actorType: row.actorType,
        actorId: row.actorId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        requestId: row.requestId,
        data: JSON.parse(row.data) as unknown,
      },
      row.prevHash,
    );
  } catch (error) {
    // appendAuditEvent never stores such values (e.g. a number beyond double range), so the row
    // was written or edited by something else.
    if (error instanceof CanonicalEncodingError) {
      return `hash mismatch: the stored content of this event cannot have been written by the portal (${error.message})`;
    }
    throw error;
  }
  if (recomputed !== row.hash) {
    return "hash mismatch: the stored content of this event was changed after it was written";
  }
  if (seq !== prevSeq + 1n) {
    const missing = seq - prevSeq - 1n;
    return missing === 1n
      ? `seq gap: seq ${prevSeq + 1n} is missing, an event was removed before this one`
      : `seq gap: seqs ${prevSeq + 1n} to ${seq - 1n} are missing, ${missing} events were removed before this one`;
  }
  if (row.prevHash !== prevHash) {
    return prevSeq === 0n
      ? "prevHash mismatch: the first event does not start from the genesis hash, events were removed or inserted before it"
      : `prevHash mismatch: it does not match the hash of seq ${prevSeq}, an event before this one was replaced, or events were inserted`;
  }
  return undefined;
}
