import type { Database, SqlSession } from "@/server/db/client";
import { GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { buildPolicy } from "@/server/db/seed/policy";
import { EventHeap } from "./heap";
import { IdSpace } from "./ids";
import { runTicket, type LifecycleContext, type TimedEvent, type TicketRows } from "./lifecycle";
import { buildOrganisation, countsFor, type Counts, type Organisation } from "./org";
import { planTickets, type TicketSpec } from "./plan";
import { array, json, runInTransaction, TableWriter, takeAll, type SqlValue, type TableStats } from "./sql";

export { countsFor, type Counts } from "./org";

export interface GenerateOptions {
  /** 1 = 10,000 people, 5,000 NHIs, 1,000 systems, 100,000 tickets, about 1,000,000 audit events. */
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

const DAY = 86_400_000;

const TIME = new Set([
  "createdAt", "updatedAt", "expiresAt", "submittedAt", "decidedAt", "closedAt", "vendorWindowStart", "vendorWindowEnd", "followUpDueAt",
  "dueAt", "remindedAt", "escalatedAt", "startedAt", "completedAt", "grantedAt", "revokedAt", "lastVerifiedAt", "lastUsedAt", "notBefore",
  "notAfter", "verifiedAt", "publishedAt", "intendedUntil", "lastRotatedAt", "occurredAt",
]);
const JSON_COLUMNS = new Set(["scope", "approvedScope", "decisionReasons", "approverPath", "selector", "infoRequest", "observed", "connectorConfig", "document", "stages", "data"]);

function value(column: string, v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (TIME.has(column) && typeof v === "number") return new Date(v);
  if (JSON_COLUMNS.has(column)) return json(v);
  if (Array.isArray(v)) return array(v as string[]);
  return v as SqlValue;
}

class Table {
  readonly writer: TableWriter;
  constructor(name: string, readonly columns: string[], rowsPerStatement?: number) {
    this.writer = new TableWriter(name, columns, rowsPerStatement);
  }
  add(row: Record<string, unknown>): void {
    this.writer.add(this.columns.map((c) => value(c, row[c])));
  }
}

const cols = (s: string) => s.split(/\s+/).filter(Boolean);

function tables() {
  return {
    User: new Table("User", cols("id email name roles department title managerId active createdAt updatedAt")),
    Identity: new Table("Identity", cols("id kind name displayName description status userId nhiType ownerId backupOwnerId workload environment dependencies credentialScope rotationPeriodDays createdAt updatedAt")),
    System: new Table("System", cols("id key name description connectorType connectorConfig ownerId riskTier environment createdAt updatedAt")),
    Entitlement: new Table("Entitlement", cols("id systemId key name description scope riskTier privileged maxTtlHours requestable createdAt updatedAt")),
    PolicyVersion: new Table("PolicyVersion", cols("id version contentHash document note publishedById publishedAt createdAt")),
    Workflow: new Table("Workflow", cols("id policyVersionId key name stages createdAt updatedAt")),
    AccessRequest: new Table(
      "AccessRequest",
      cols(`id number kind exceptionType status requesterId subjectId systemId entitlementId scope approvedScope justification expiresAt riskScore riskTier
        decisionRoute policyVersionId policyRuleId decisionReasons workflowId approverPath currentStage incidentId sponsorId vendorWindowStart vendorWindowEnd
        followUpDueAt parentRequestId failureReason submittedAt decidedAt closedAt createdAt updatedAt`),
      1_000,
    ),
    ApprovalStage: new Table("ApprovalStage", cols("id requestId position name selector quorum status slaHours dueAt escalationTarget remindedAt escalatedAt infoRequest startedAt completedAt createdAt updatedAt")),
    ApprovalAssignment: new Table("ApprovalAssignment", cols("id stageId requestId approverId onBehalfOfId status createdAt updatedAt")),
    ApprovalDecision: new Table("ApprovalDecision", cols("id stageId requestId approverId onBehalfOfId outcome comment createdAt updatedAt")),
    Grant: new Table("Grant", cols("id requestId identityId entitlementId type status connectorType externalRef scope grantedAt expiresAt revokedAt lastVerifiedAt createdAt updatedAt")),
    Secret: new Table("Secret", cols("id grantId identityId label fingerprint prefix algorithm version rotatedFromId expiresAt revokedAt lastUsedAt createdAt updatedAt")),
    Certificate: new Table("Certificate", cols("id grantId identityId serialNumber fingerprintSha256 subjectDn issuerDn pem notBefore notAfter revokedAt revocationReason createdAt updatedAt")),
    ClosureEvidence: new Table("ClosureEvidence", cols("id requestId grantId kind connectorType observed summary artefactSha256 attestedById verifiedAt createdAt updatedAt")),
    Comment: new Table("Comment", cols("id requestId authorId body createdAt updatedAt")),
    AuditEvent: new Table("AuditEvent", cols("id seq occurredAt actorType actorId action entityType entityId requestId data prevHash hash"), 2_000),
  };
}

type Tables = ReturnType<typeof tables>;

/** The order in which tables are written: every foreign key points at a row already written. */
const ORDER: (keyof Tables)[] = [
  "User", "Identity", "System", "Entitlement", "PolicyVersion", "Workflow", "AccessRequest", "ApprovalStage", "ApprovalAssignment",
  "ApprovalDecision", "Grant", "Secret", "Certificate", "ClosureEvidence", "Comment", "AuditEvent",
];

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
    writeOrganisation(t, org, policy, now);
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

function writeOrganisation(t: Tables, org: Organisation, policy: ReturnType<typeof buildPolicy>, now: number): void {
  for (const p of org.people) {
    t.User.add({ ...p, managerId: p.manager === null ? null : org.people[p.manager]!.id, updatedAt: p.createdAt });
  }
  for (const i of org.identities) {
    t.Identity.add({
      id: i.id,
      kind: i.kind,
      name: i.name,
      displayName: i.displayName,
      description: i.kind === "NHI" ? `${i.nhiType} used by ${i.workload}` : null,
      status: i.person !== null && !org.people[i.person]!.active ? "SUSPENDED" : "ACTIVE",
      userId: i.person === null ? null : org.people[i.person]!.id,
      nhiType: i.nhiType,
      ownerId: i.owner === null ? null : org.people[i.owner]!.id,
      backupOwnerId: i.backup === null ? null : org.people[i.backup]!.id,
      workload: i.workload,
      environment: i.environment,
      dependencies: i.dependencies,
      credentialScope: i.kind === "NHI" ? `${i.workload}:${i.environment?.toLowerCase()}` : null,
      rotationPeriodDays: i.rotationPeriodDays,
      createdAt: i.createdAt,
      updatedAt: i.createdAt,
    });
  }
  for (const s of org.systems) {
    t.System.add({ ...s, ownerId: org.people[s.owner]!.id, updatedAt: s.createdAt });
  }
  for (const e of org.entitlements) {
    const createdAt = e.system.createdAt + DAY;
    t.Entitlement.add({
      ...e,
      systemId: e.system.id,
      description: `${e.name} on ${e.system.name}; ${e.maxTtlHours === null ? "no time limit" : `at most ${e.maxTtlHours} h per grant`}.`,
      createdAt,
      updatedAt: createdAt,
    });
  }
  const v = policy.version;
  t.PolicyVersion.add({ ...v, publishedAt: (v.publishedAt as Date).getTime(), createdAt: (v.createdAt as Date).getTime() });
  for (const wf of policy.workflows) t.Workflow.add({ ...wf, createdAt: (wf.createdAt as Date).getTime(), updatedAt: (wf.updatedAt as Date).getTime() });
  void now;
}

function writeTicket(t: Tables, rows: TicketRows): void {
  t.AccessRequest.add(rows.request);
  for (const r of rows.stages) t.ApprovalStage.add(r);
  for (const r of rows.assignments) t.ApprovalAssignment.add(r);
  for (const r of rows.decisions) t.ApprovalDecision.add(r);
  for (const r of rows.grants) t.Grant.add(r);
  for (const r of rows.secrets) t.Secret.add(r);
  for (const r of rows.certificates) t.Certificate.add(r);
  for (const r of rows.evidence) t.ClosureEvidence.add(r);
  for (const r of rows.comments) t.Comment.add(r);
}

export type { TicketSpec };
