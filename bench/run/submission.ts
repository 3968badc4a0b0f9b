import { randomUUID } from "node:crypto";
import type { Database, SqlSession } from "@/server/db/client";
import { hashEvent } from "@/server/domain/audit/canonical";
import { AUDIT_CHAIN_LOCK_KEY } from "@/server/domain/audit/append";
import type { Actor } from "@/server/domain/identities/requestable";
import { submitRequest } from "@/server/domain/requests/submit";

export interface SubmissionResult {
  tickets: number;
  routedToWorkflow: number;
  autoApproved: number;
  requesters: number;
  entitlements: number;
  submitSeconds: number;
  submitPerSecond: number;
  rawSeconds: number;
  rawPerSecond: number;
  /** submitPerSecond / rawPerSecond. */
  ratio: number;
  /** Rows a ticket wrote on average (ticket, stages, assignments, notifications, jobs, audit events). */
  rowsPerTicket: number;
}

const JUSTIFICATION =
  "Quarterly access review for project Falcon: the reporting team needs this access to reconcile the billing exports, change CHG-20412.";
const HOUR_MS = 3_600_000;
/** Tickets per round of submission followed by their plain-SQL copy. */
const ROUND = 25;

interface Target {
  entitlementId: string;
  auto: boolean;
}

/**
 * Files `count` tickets one after another through submitRequest (policy decision, ticket, stages,
 * assignments, notifications, audit events) and writes the same rows again by plain SQL, in
 * alternating rounds of 25, one transaction per ticket in the same shape: the ticket, its stages, assignments, notifications and
 * fulfilment job, then the chain lock, the head read and the ticket's audit events hashed onto it.
 * The ratio of the two rates is what the domain logic and the ORM cost over the database itself.
 */
export async function benchSubmission(db: Database, count: number, log: (line: string) => void): Promise<SubmissionResult> {
  const requesters = await db.withSession((s) =>
    s.query<Actor>(
      `SELECT u.id, u.email, u.name, u.department FROM "User" u JOIN "Identity" i ON i."userId" = u.id
       WHERE u.active AND i.status = 'ACTIVE' AND 'REQUESTER' = ANY(u.roles::text[]) AND NOT ('APPROVER' = ANY(u.roles::text[]))
       ORDER BY u.email LIMIT 4`,
    ),
  );
  if (requesters.length === 0) throw new Error("submission: the organisation has no active requesters");
  const targets = await chooseTargets(db, requesters[0]!);
  const workflow = targets.filter((t) => !t.auto);
  const auto = targets.filter((t) => t.auto);
  log(`  submission: ${requesters.length} requesters, ${workflow.length} entitlements routed to a workflow, ${auto.length} auto-approved`);

  const expiresAt = () => new Date(Date.now() + 72 * HOUR_MS).toISOString();
  let routed = 0;
  let rows = 0;
  let submitSeconds = 0;
  let rawSeconds = 0;
  // Submission and its plain-SQL copy alternate in rounds, so both see the same load on the machine.
  await db.withSession(async (session) => {
    const columns = await insertableColumns(session);
    for (let start = 0; start < count; start += ROUND) {
      const ids: string[] = [];
      const started = performance.now();
      for (let i = start; i < Math.min(count, start + ROUND); i++) {
        const pool = auto.length > 0 && (i % 3 === 2 || workflow.length === 0) ? auto : workflow;
        const target = pool[Math.floor(i / 3) % pool.length]!;
        const requester = requesters[i % requesters.length]!;
        const ticket = await submitRequest(db.prisma, requester, {
          kind: "GRANT",
          entitlementId: target.entitlementId,
          subjectId: await selfIdentity(db, requester.id),
          justification: JUSTIFICATION,
          expiresAt: expiresAt(),
          idempotencyKey: randomUUID(),
        });
        if (ticket.status === "PENDING_APPROVAL") routed++;
        ids.push(ticket.id);
      }
      submitSeconds += (performance.now() - started) / 1000;
      const bundles = await readBundles(session, ids);
      rows += bundles.reduce((n, b) => n + bundleRows(b), 0);
      const rawStarted = performance.now();
      for (const bundle of bundles) await insertRaw(session, columns, cloneBundle(bundle));
      rawSeconds += (performance.now() - rawStarted) / 1000;
    }
  });
  const rowsPerTicket = rows / count;
  const submitPerSecond = count / submitSeconds;
  const rawPerSecond = count / rawSeconds;
  return {
    tickets: count,
    routedToWorkflow: routed,
    autoApproved: count - routed,
    requesters: requesters.length,
    entitlements: targets.length,
    submitSeconds,
    submitPerSecond,
    rawSeconds,
    rawPerSecond,
    ratio: submitPerSecond / rawPerSecond,
    rowsPerTicket,
  };
}

const identityCache = new Map<string, string>();
async function selfIdentity(db: Database, userId: string): Promise<string> {
  const cached = identityCache.get(userId);
  if (cached) return cached;
  const identity = await db.prisma.identity.findUniqueOrThrow({ where: { userId }, select: { id: true } });
  identityCache.set(userId, identity.id);
  return identity.id;
}

/**
 * Entitlements the policy routes to a workflow (3) and auto-approves (2) for a plain requester,
 * found by filing a ticket for each candidate (these tickets are the warm-up).
 */
async function chooseTargets(db: Database, requester: Actor): Promise<Target[]> {
  const candidates = await db.withSession((s) =>
    // Low-risk entitlements (the ones pre-approved patterns cover) alternate with the others.
    s.query<{ id: string }>(
      `SELECT id FROM (
         SELECT id, "riskTier" = 'LOW' AS low, row_number() OVER (PARTITION BY "riskTier" = 'LOW' ORDER BY "systemId", key) AS n
         FROM "Entitlement" WHERE requestable) e
       ORDER BY n, low DESC LIMIT 400`,
    ),
  );
  const subjectId = await selfIdentity(db, requester.id);
  const found: Target[] = [];
  for (const { id } of candidates) {
    const haveAuto = found.filter((t) => t.auto).length;
    const haveWorkflow = found.length - haveAuto;
    if (haveAuto >= 2 && haveWorkflow >= 3) break;
    try {
      const ticket = await submitRequest(db.prisma, requester, {
        kind: "GRANT",
        entitlementId: id,
        subjectId,
        justification: JUSTIFICATION,
        expiresAt: new Date(Date.now() + 72 * HOUR_MS).toISOString(),
        idempotencyKey: randomUUID(),
      });
      const auto = ticket.status === "AUTO_APPROVED";
      if (auto ? haveAuto < 2 : haveWorkflow < 3) found.push({ entitlementId: id, auto });
    } catch {
      // Refused for this requester (policy, expiry cap, approvers): not a candidate.
    }
  }
  if (found.length === 0) throw new Error("submission: no entitlement accepts a plain requester's ticket");
  return found;
}

/** The rows one submitted ticket wrote, as stored. */
interface Bundle {
  request: Record<string, unknown>;
  stages: Record<string, unknown>[];
  assignments: Record<string, unknown>[];
  notifications: Record<string, unknown>[];
  jobs: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

const bundleRows = (b: Bundle) => 1 + b.stages.length + b.assignments.length + b.notifications.length + b.jobs.length + b.events.length;

async function readBundles(s: SqlSession, ids: string[]): Promise<Bundle[]> {
  const rows = async (table: string, column: string, order: string) => {
    const found = await s.query<{ key: string; row: Record<string, unknown> }>(
      `SELECT t."${column}" AS key, to_jsonb(t) - 'searchVector' AS row FROM "${table}" t WHERE t."${column}" = ANY($1::text[]) ORDER BY ${order}`,
      [ids],
    );
    const byKey = new Map<string, Record<string, unknown>[]>();
    for (const { key, row } of found) byKey.set(key, [...(byKey.get(key) ?? []), row]);
    return byKey;
  };
  const requests = await rows("AccessRequest", "id", "t.number");
  const stages = await rows("ApprovalStage", "requestId", "t.position");
  const assignments = await rows("ApprovalAssignment", "requestId", "t.id");
  const notifications = await rows("Notification", "requestId", "t.id");
  const jobs = await rows("Job", "requestId", "t.id");
  const events = await rows("AuditEvent", "requestId", "t.seq");
  return ids.map((id) => ({
    request: requests.get(id)![0]!,
    stages: stages.get(id) ?? [],
    assignments: assignments.get(id) ?? [],
    notifications: notifications.get(id) ?? [],
    jobs: jobs.get(id) ?? [],
    events: events.get(id) ?? [],
  }));
}

/** The same rows with new ids (and idempotency key): every id of the bundle's own rows is replaced wherever it occurs. */
function cloneBundle(bundle: Bundle): Bundle {
  const own = [bundle.request, ...bundle.stages, ...bundle.assignments, ...bundle.notifications, ...bundle.jobs, ...bundle.events].map((r) => String(r.id));
  own.push(String(bundle.request.idempotencyKey));
  const fresh = new Map(own.map((id) => [id, randomUUID()]));
  const text = JSON.stringify(bundle).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => fresh.get(id) ?? id);
  return JSON.parse(text) as Bundle;
}

type Columns = Map<string, string>;

/** Per table, the column list a client writes: generated and sequence-numbered columns are the database's. */
async function insertableColumns(session: SqlSession): Promise<Columns> {
  const rows = await session.query<{ table: string; columns: string }>(
    `SELECT table_name AS table, string_agg(format('%I', column_name), ', ' ORDER BY ordinal_position) AS columns
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND is_generated = 'NEVER' AND coalesce(column_default, '') NOT LIKE 'nextval(%'
       AND table_name IN ('AccessRequest', 'ApprovalStage', 'ApprovalAssignment', 'Notification', 'Job', 'AuditEvent')
     GROUP BY table_name`,
  );
  return new Map(rows.map((r) => [r.table, r.columns]));
}

function insertSql(columns: Columns, table: string, returning = ""): string {
  const list = columns.get(table);
  if (!list) throw new Error(`submission: no columns for ${table}`);
  return `INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)${returning}`;
}

async function insertRaw(session: SqlSession, columns: Columns, b: Bundle): Promise<void> {
  await session.exec("BEGIN");
  try {
    const [created] = await session.query<{ number: number }>(insertSql(columns, "AccessRequest", ` RETURNING number`), [JSON.stringify([b.request])]);
    for (const [table, rows] of [["ApprovalStage", b.stages], ["ApprovalAssignment", b.assignments], ["Notification", b.notifications], ["Job", b.jobs]] as const) {
      if (rows.length > 0) await session.query(insertSql(columns, table), [JSON.stringify(rows)]);
    }
    await session.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY.toString()})`);
    const [head] = await session.query<{ seq: string; hash: string; at: string }>(
      `SELECT h.seq::text AS seq, h.hash, to_char(GREATEST(date_trunc('milliseconds', clock_timestamp()), h."occurredAt") AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM (SELECT seq, hash, "occurredAt" FROM "AuditEvent" ORDER BY seq DESC LIMIT 1) h`,
    );
    if (!head) throw new Error("submission: the audit chain is empty");
    let seq = BigInt(head.seq);
    let prevHash = head.hash;
    const occurredAt = new Date(head.at);
    const events = b.events.map((e) => {
      seq += 1n;
      const data = e.data && typeof e.data === "object" && "number" in e.data ? { ...e.data, number: created?.number } : e.data;
      const fields = {
        seq,
        occurredAt,
        actorType: String(e.actorType),
        actorId: (e.actorId as string | null) ?? null,
        action: String(e.action),
        entityType: String(e.entityType),
        entityId: String(e.entityId),
        requestId: (e.requestId as string | null) ?? null,
        data,
      };
      const hash = hashEvent(fields, prevHash);
      const row = { ...e, ...fields, seq: seq.toString(), occurredAt: occurredAt.toISOString(), prevHash, hash };
      prevHash = hash;
      return row;
    });
    if (events.length > 0) await session.query(insertSql(columns, "AuditEvent"), [JSON.stringify(events)]);
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK");
    throw error;
  }
}
