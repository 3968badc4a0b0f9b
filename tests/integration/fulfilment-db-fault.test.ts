import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { FULFILMENT_GRANT_JOB } from "@/server/domain/fulfilment/fulfil";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import { overdueRevocations, REVOKE_GRANT_JOB } from "@/server/domain/fulfilment/revoke";
import { enqueue } from "@/server/jobs/enqueue";
import { createJobRunner } from "@/server/jobs/runner";
import { approveAll, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * A database error in the middle of fulfilment: the connector has changed the PostgreSQL target,
 * then the database refuses the transaction that records it (a real error, raised by a trigger on
 * "ClosureEvidence" for as long as the fault lasts). The job fails and is retried by the runner;
 * while the fault lasts nothing claims what was not recorded, and once it is gone the retry records
 * everything exactly once with the audit chain intact. The same for a revocation.
 */
let w: World;
let t: Date;

const FAULT = "closure evidence refused: the database is failing";
const BACKOFF = { baseMs: 1_000, maxMs: 4_000 };

beforeAll(async () => {
  w = await seededWorld();
});

afterEach(async () => {
  await healDatabase();
});

afterAll(async () => {
  await w?.db.drop();
});

async function breakDatabase(): Promise<void> {
  await w.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION fault_closure_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '${FAULT}';
    END $$`);
  await w.prisma.$executeRawUnsafe(`CREATE TRIGGER "ClosureEvidence_fault" BEFORE INSERT ON "ClosureEvidence" FOR EACH ROW EXECUTE FUNCTION fault_closure_evidence()`);
}

async function healDatabase(): Promise<void> {
  await w.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "ClosureEvidence_fault" ON "ClosureEvidence"`);
  await w.prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS fault_closure_evidence()`);
}

/** The portal's runner for the two fulfilment job types, on a clock the test moves. */
function runner() {
  return createJobRunner({
    db: w.prisma,
    handlers: {
      [FULFILMENT_GRANT_JOB]: async ({ db, job, now }) => void (await runFulfilmentJob(db, job, now, connectorFor)),
      [REVOKE_GRANT_JOB]: async ({ db, job, now }) => void (await runRevokeJob(db, job, now, connectorFor)),
    },
    clock: () => t,
    backoff: BACKOFF,
    log: () => undefined,
  });
}

/** Riley's approved ticket for a PostgreSQL role that no other test grants. */
async function approvedTicket(ref: string, hours: number) {
  const riley = await w.as("riley.requester");
  const me = await w.person("riley.requester");
  const e = await w.entitlement(ref);
  const ticket = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(hours) });
  await approveAll(w, ticket.number);
  // Jobs enqueued now are due from the database's clock; the runner's clock starts after it.
  t = new Date(Date.now() + 1_000);
  return ticket;
}

/** Whether the target database shows the identity's role as a member of the group role. */
async function memberOf(group: string, member = "riley_requester"): Promise<boolean> {
  const rows = await w.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_auth_members am
    JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
    WHERE g.rolname = ${group} AND m.rolname = ${member}`;
  return Number(rows[0]!.n) > 0;
}

const ticketStatus = async (id: string) => (await w.prisma.accessRequest.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const events = (requestId: string, action: string) => w.prisma.auditEvent.count({ where: { requestId, action } });

describe("a database error while recording a grant", () => {
  it("fails the job, records nothing the target was not read back for, and the retry records it once", async () => {
    const ticket = await approvedTicket("staging-db:staging_write", 48);
    const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `fulfil:${ticket.id}` }, select: { id: true } });
    const jobs = runner();

    await breakDatabase();
    expect(await jobs.tick()).toMatchObject({ succeeded: 0, retried: 1, failed: 0, dead: 0 });
    const failed = await w.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, attempts: true, lastError: true, runAt: true } });
    expect(failed).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(failed.lastError).toContain(FAULT);
    expect(failed.runAt.getTime()).toBeGreaterThan(t.getTime());

    // The connector did change the target; the portal claims none of it.
    expect(await memberOf("staging_write")).toBe(true);
    expect(await w.prisma.grant.findMany({ where: { requestId: ticket.id }, select: { status: true, externalRef: true, grantedAt: true } })).toEqual([
      { status: "PENDING", externalRef: null, grantedAt: null },
    ]);
    expect(await w.prisma.grant.count({ where: { requestId: ticket.id, status: "ACTIVE" } })).toBe(0);
    expect(await w.prisma.closureEvidence.count({ where: { requestId: ticket.id } })).toBe(0);
    expect(await events(ticket.id, "grant.created")).toBe(0);
    expect(await ticketStatus(ticket.id)).toBe("FULFILLING");

    // Still failing at the retry: the job backs off again.
    t = new Date(failed.runAt.getTime() + 1);
    expect(await jobs.tick()).toMatchObject({ succeeded: 0, retried: 1 });
    expect(await w.prisma.closureEvidence.count({ where: { requestId: ticket.id } })).toBe(0);

    await healDatabase();
    const again = await w.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { runAt: true } });
    t = new Date(again.runAt.getTime() + 1);
    expect(await jobs.tick()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(await w.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, attempts: true, lastError: true } })).toEqual({
      status: "SUCCEEDED",
      attempts: 3,
      lastError: null,
    });

    expect(await w.prisma.grant.findMany({ where: { requestId: ticket.id }, select: { status: true, externalRef: true } })).toEqual([
      { status: "ACTIVE", externalRef: "riley_requester in staging_write@orders_staging" },
    ]);
    const evidence = await w.prisma.closureEvidence.findMany({ where: { requestId: ticket.id }, select: { kind: true, connectorType: true } });
    expect(evidence).toEqual([{ kind: "GRANTED", connectorType: "POSTGRES" }]);
    expect(await events(ticket.id, "grant.created")).toBe(1);
    expect(await events(ticket.id, "fulfilment.started")).toBe(1);
    expect(await ticketStatus(ticket.id)).toBe("ACTIVE");
    expect(await verifyAuditChain(w.prisma)).toMatchObject({ ok: true });
  });
});

describe("a database error while recording a revocation", () => {
  it("leaves the grant REVOKING and overdue while it lasts, and the retry closes the ticket once", async () => {
    const ticket = await approvedTicket("warehouse:raw_events_read", 12);
    const jobs = runner();
    expect(await jobs.tick()).toMatchObject({ succeeded: 1 });
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: ticket.id }, select: { id: true, status: true, expiresAt: true } });
    expect(grant.status).toBe("ACTIVE");
    expect(await memberOf("raw_events_read")).toBe(true);

    // At its expiry the sweep queues the grant's revocation, as queueExpiredRevocations does.
    t = new Date(grant.expiresAt!.getTime() + 1_000);
    await enqueue(w.prisma, { type: REVOKE_GRANT_JOB, payload: { grantId: grant.id, reason: "expired" }, dedupeKey: `revoke:${grant.id}`, requestId: ticket.id, runAt: t });
    const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `revoke:${grant.id}` }, select: { id: true } });

    await breakDatabase();
    expect(await jobs.tick()).toMatchObject({ succeeded: 0, retried: 1, failed: 0, dead: 0 });
    const failed = await w.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, attempts: true, lastError: true, runAt: true } });
    expect(failed).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(failed.lastError).toContain(FAULT);

    // The membership is gone from the target, but the grant is not recorded as revoked: it stays
    // REVOKING, on the overdue list, with its ticket.
    expect(await memberOf("raw_events_read")).toBe(false);
    expect(await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true, revokedAt: true } })).toEqual({ status: "REVOKING", revokedAt: null });
    expect(await ticketStatus(ticket.id)).toBe("REVOKING");
    expect((await overdueRevocations(w.prisma, t)).map((g) => g.id)).toContain(grant.id);
    expect(await w.prisma.closureEvidence.count({ where: { requestId: ticket.id, kind: "REVOKED" } })).toBe(0);
    expect(await events(ticket.id, "grant.revoked")).toBe(0);
    expect(await events(ticket.id, "request.revoking")).toBe(1);

    await healDatabase();
    t = new Date(failed.runAt.getTime() + 1);
    expect(await jobs.tick()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(await w.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, attempts: true } })).toEqual({ status: "SUCCEEDED", attempts: 2 });

    expect(await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true, revokedAt: true } })).toEqual({ status: "REVOKED", revokedAt: t });
    expect(await ticketStatus(ticket.id)).toBe("CLOSED");
    expect((await overdueRevocations(w.prisma, t)).map((g) => g.id)).not.toContain(grant.id);
    const revoked = await w.prisma.closureEvidence.findMany({ where: { requestId: ticket.id, kind: "REVOKED" }, select: { connectorType: true, summary: true } });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.connectorType).toBe("POSTGRES");
    expect(await events(ticket.id, "grant.revoked")).toBe(1);
    expect(await events(ticket.id, "request.revoking")).toBe(1);
    expect(await events(ticket.id, "request.closed")).toBe(1);
    expect(await memberOf("raw_events_read")).toBe(false);
    expect(await verifyAuditChain(w.prisma)).toMatchObject({ ok: true });
  });
});
