import type { Database, SqlSession } from "@/server/db/client";
import { GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { buildPolicy } from "@/server/db/seed/policy";
import { EventHeap } from "./heap";
import { IdSpace } from "./ids";
import { runTicket, type LifecycleContext, type TimedEvent, type TicketRows } from "./lifecycle";
import { buildOrganisation, countsFor, type Counts } from "./org";
import { planTickets, type TicketSpec } from "./plan";
import { ORDER, tables, writeOrganisation, writeTicket, type Tables } from "./rows";
import { runInTransaction, takeAll, type TableStats } from "./sql";
import { DAY } from "./time";

export { countsFor, type Counts } from "./org";

export interface GenerateOptions {
  /** 1 = 10,000 people, 5,000 NHIs, 1,000 systems, 100,000 tickets, about 1,150,000 audit events. */
  scale: number;
  seed?: number;
  /** The present of the generated organisation; everything happened in the two years before it. */
  now?: Date;
  /** Tickets written per transaction. */
  ticketsPerTransaction?: number;
  log?: (line: string) => void;
}

export interface GenerateSummary {
  counts: Counts;
  rows: Record<string, TableStats>;
  /** Time this process spent deciding and laying out tickets and their rows, hashing excluded. */
  planMs: number;
  hashMs: number;
  totalMs: number;
  headHash: string;
}

/**
 * Fills an empty, migrated database with a large organisation, deterministically for a seed:
 * people in a management tree, NHIs with owners, systems with their catalogues, tickets of every
 * kind and status with their approvals, grants, credentials, closure evidence and comments, and
 * the hash-chained audit trail of all of it.
 *
 * Audit events are chained in the order of their business time. Tickets are written in creation
 * order, and an event is appended once no ticket still to be written can have an earlier one
 * (it is held in a heap until then), so seq, prevHash and occurredAt all grow together, as they
 * do when the portal appends them one transaction at a time. Hashes are computed with the chain's
 * own functions, so verifyAuditChain accepts the result.
 */
export async function generateOrganisation(db: Pick<Database, "withSession"> & Partial<Pick<Database, "kind">>, options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => undefined);
  const now = (options.now ?? new Date(Date.now() - 60_000)).getTime();
  const counts = countsFor(options.scale);
  const perTransaction = options.ticketsPerTransaction ?? 2_000;

  const planStarted = performance.now();
  const org = buildOrganisation(counts, seed, now);
  const policy = buildPolicy(org.people[org.admin]!.id, new Date(now));
  const publishedAt = now - 740 * DAY;
  Object.assign(policy.version, { publishedAt: new Date(publishedAt), createdAt: new Date(publishedAt) });
  for (const wf of policy.workflows) Object.assign(wf, { createdAt: new Date(publishedAt), updatedAt: new Date(publishedAt) });
  const ctx: LifecycleContext = {
    org,
    ids: {
      request: new IdSpace(seed, "AccessRequest"),
      stage: new IdSpace(seed, "ApprovalStage"),
      assignment: new IdSpace(seed, "ApprovalAssignment"),
      decision: new IdSpace(seed, "ApprovalDecision"),
      grant: new IdSpace(seed, "Grant"),
      credential: new IdSpace(seed, "Credential"),
      evidence: new IdSpace(seed, "ClosureEvidence"),
      comment: new IdSpace(seed, "Comment"),
    },
    policyVersionId: policy.version.id!,
    workflowIds: policy.workflowIds,
    rotated: new Set(),
  };
  // Measuring passes must not mark secrets as rotated: only the pass that writes does.
  const specs = planTickets({ org, counts, seed, now, measure: (spec, start) => runTicket({ ...ctx, rotated: new Set() }, spec, start).times });
  let planMs = performance.now() - planStarted;
  log(`Planned ${counts.people} people, ${counts.nhis} NHIs, ${counts.systems} systems, ${specs.length} tickets in ${(planMs / 1000).toFixed(1)} s.`);

  const t = tables();
  const chain = { seq: 0n, prevHash: GENESIS_HASH, hashMs: 0, ids: new IdSpace(seed, "AuditEvent") };
  const heap = new EventHeap<TimedEvent>();

  return db.withSession(async (session) => {
    await assertEmpty(session);
    writeOrganisation(t, org, policy);
    heap.push({
      t: publishedAt,
      actorType: "USER",
      actorId: org.people[org.admin]!.id,
      action: "policy.published",
      entityType: "PolicyVersion",
      entityId: policy.version.id!,
      requestId: null,
      data: { version: 1, contentHash: policy.version.contentHash, workflows: [...policy.workflowIds.keys()] },
    });
    await transaction(session, t, log, "organisation");

    // While PostgreSQL writes one batch, the next one is generated, so the server and this
    // process work at the same time. PGlite runs in this thread: there the two take turns.
    const overlap = db.kind !== "pglite";
    let writing: Promise<void> = Promise.resolve();
    for (let from = 0; from < specs.length; from += perTransaction) {
      const batch = specs.slice(from, from + perTransaction);
      for (const [i, spec] of batch.entries()) {
        // Let the batch being written go on: its statements are sent from the event loop.
        if (overlap && i % 100 === 99) await yieldToEventLoop();
        const ticketStarted = performance.now();
        const rows = runTicket(ctx, spec, spec.start);
        checkPlaced(spec, rows, now);
        writeTicket(t, rows);
        for (const e of rows.events) heap.push(e);
        planMs += performance.now() - ticketStarted;
      }
      // Tickets still to come start at or after `next`, so no later event can precede this one.
      const next = specs[from + perTransaction]?.start ?? Infinity;
      await appendChain(t, heap, next, chain, overlap);
      await writing;
      writing = transaction(session, t, log, `tickets ${from + 1}-${from + batch.length} of ${specs.length}, ${chain.seq} audit events`);
      if (!overlap) await writing;
      // Failures surface at the next await; this only keeps the rejection from counting as unhandled.
      writing.catch(() => undefined);
    }
    await writing;
    if (heap.size > 0) throw new Error(`bench: ${heap.size} audit events were never appended`);
    const lastNumber = specs.length;
    await session.exec(`SELECT setval(pg_get_serial_sequence('"AccessRequest"', 'number'), ${Math.max(1, lastNumber)})`);
    const analyzeStarted = performance.now();
    await session.exec("ANALYZE");
    log(`ANALYZE in ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s.`);
    const rows = Object.fromEntries(ORDER.map((name) => [name, { ...t[name].writer.stats }]));
    return { counts, rows, planMs, hashMs: chain.hashMs, totalMs: performance.now() - started, headHash: chain.prevHash };
  });
}

/** The second pass must land where the first one measured, in the planned status, never in the future. */
function checkPlaced(spec: TicketSpec, rows: TicketRows, now: number): void {
  const last = rows.events.reduce((max, e) => Math.max(max, e.t), 0);
  if (rows.request.status !== spec.status || last > now || rows.times.created !== spec.times.created) {
    throw new Error(`bench: ticket ${spec.number} (${spec.kind} ${spec.status}) ended ${String(rows.request.status)} at ${new Date(last).toISOString()}`);
  }
}

async function assertEmpty(session: SqlSession): Promise<void> {
  const [row] = await session.query<{ users: number; events: number; tickets: number }>(
    `SELECT (SELECT count(*) FROM "User")::int AS users, (SELECT count(*) FROM "AuditEvent")::int AS events, (SELECT count(*) FROM "AccessRequest")::int AS tickets`,
  );
  if (!row || row.users + row.events + row.tickets > 0) {
    throw new Error("The database is not empty: the organisation is only generated into an empty, migrated database.");
  }
}

/** Takes every table's rows at once (in foreign-key order), then writes them in one transaction. */
async function transaction(session: SqlSession, t: Tables, log: (line: string) => void, what: string): Promise<void> {
  const statements = takeAll(ORDER.map((name) => t[name].writer));
  const started = performance.now();
  await runInTransaction(session, statements);
  log(`  ${what}: written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function appendChain(t: Tables, heap: EventHeap<TimedEvent>, before: number, chain: { seq: bigint; prevHash: string; hashMs: number; ids: IdSpace }, overlap: boolean): Promise<void> {
  let started = performance.now();
  while (heap.size > 0 && heap.peek()!.t < before) {
    if (overlap && chain.seq % 2_000n === 1_999n) {
      chain.hashMs += performance.now() - started;
      await yieldToEventLoop();
      started = performance.now();
    }
    const e = heap.pop()!;
    chain.seq += 1n;
    const occurredAt = new Date(e.t);
    // Event data holds only JSON values (strings, finite numbers, booleans, null, plain objects and
    // arrays), so the stored jsonb gives back what is hashed here.
    const data = e.data;
    const hash = hashEvent({ seq: chain.seq, occurredAt, actorType: e.actorType, actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: e.entityId, requestId: e.requestId, data }, chain.prevHash);
    t.AuditEvent.add({
      id: chain.ids.id(Number(chain.seq)),
      seq: chain.seq,
      occurredAt: e.t,
      actorType: e.actorType,
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      requestId: e.requestId,
      data,
      prevHash: chain.prevHash,
      hash,
    });
    chain.prevHash = hash;
  }
  chain.hashMs += performance.now() - started;
}

export type { TicketSpec };
