import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError, type Connector } from "@/server/connectors/types";
import { runFulfilmentJob } from "@/server/domain/fulfilment/job";
import { decideStage } from "@/server/domain/workflow/decide";
import { PermanentJobError, type ClaimedJob } from "@/server/jobs/types";
import { inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * Carrying approved tickets out: the job's states and its failure handling. The connectors
 * themselves are tested against their real targets in connector-*.test.ts; here a connector that
 * fails on purpose stands in for a target that is down.
 */
let w: World;
let riley: Awaited<ReturnType<World["as"]>>;
let me: Awaited<ReturnType<World["person"]>>;

beforeAll(async () => {
  w = await seededWorld();
  riley = await w.as("riley.requester");
  me = await w.person("riley.requester");
});

afterAll(async () => {
  await w?.db.drop();
});

async function approvedTicket(ref = "servicedesk:agent") {
  const e = await w.entitlement(ref);
  const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(48) });
  if (t.status === "PENDING_APPROVAL") {
    const avery = await w.prisma.user.findUniqueOrThrow({ where: { email: "avery.approver@acme.example" }, select: { id: true, roles: true } });
    expect((await decideStage(w.prisma, avery, { number: t.number, outcome: "APPROVE" })).status).toBe("APPROVED");
  }
  const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `fulfil:${t.id}` }, select: { id: true, type: true, payload: true, maxAttempts: true, requestId: true } });
  return { ticket: t, job: (attempts: number): ClaimedJob => ({ ...job, attempts }) };
}

async function state(requestId: string) {
  const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, failureReason: true } });
  const grants = await w.prisma.grant.findMany({ where: { requestId }, select: { status: true, type: true, connectorType: true } });
  const evidence = await w.prisma.closureEvidence.count({ where: { requestId } });
  const actions = (await w.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
  return { ticket, grants, evidence, actions };
}

const down = (retryable: boolean): Connector => ({
  type: "WEBHOOK",
  grant: async () => {
    throw new ConnectorError("connect ECONNREFUSED 127.0.0.1:4010", retryable);
  },
  revoke: async () => {},
  verify: async () => ({ present: false, observed: {}, summary: "nothing" }),
});

describe("fulfilment job", () => {
  it("queues one fulfilment job when a ticket is approved, and one when the policy auto-approves it", async () => {
    const { ticket } = await approvedTicket();
    expect(await w.prisma.job.count({ where: { requestId: ticket.id, type: "fulfilment.grant" } })).toBe(1);
    const auto = await riley.requests.submit({ kind: "GRANT", entitlementId: (await w.entitlement("source-org:repo_read")).id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key() });
    expect(auto.status).toBe("AUTO_APPROVED");
    expect(await w.prisma.job.count({ where: { requestId: auto.id, type: "fulfilment.grant" } })).toBe(1);
  });

  it("retries a target that is down, keeping one PENDING grant, then fails the ticket with the reason after the last attempt", async () => {
    const { ticket, job } = await approvedTicket();
    const now = new Date();
    await expect(runFulfilmentJob(w.prisma, job(1), now, () => down(true))).rejects.toBeInstanceOf(ConnectorError);
    await expect(runFulfilmentJob(w.prisma, job(2), now, () => down(true))).rejects.toBeInstanceOf(ConnectorError);
    const retrying = await state(ticket.id);
    expect(retrying.ticket.status).toBe("FULFILLING");
    expect(retrying.grants).toEqual([{ status: "PENDING", type: "ENTITLEMENT", connectorType: "WEBHOOK" }]);
    expect(retrying.actions.filter((a) => a === "fulfilment.started")).toHaveLength(1);

    const last = job(8);
    await expect(runFulfilmentJob(w.prisma, last, now, () => down(true))).rejects.toBeInstanceOf(PermanentJobError);
    const failed = await state(ticket.id);
    expect(failed.ticket).toEqual({ status: "FAILED", failureReason: "connect ECONNREFUSED 127.0.0.1:4010" });
    // No row claims access that verify did not confirm.
    expect(failed.grants.map((g) => g.status)).toEqual(["FAILED"]);
    expect(failed.evidence).toBe(0);
    expect(failed.actions.at(-1)).toBe("request.failed");
  });

  it("fails at once when retrying cannot help, or when no connector is installed for the system", async () => {
    const a = await approvedTicket();
    await expect(runFulfilmentJob(w.prisma, a.job(1), new Date(), () => down(false))).rejects.toBeInstanceOf(PermanentJobError);
    expect((await state(a.ticket.id)).ticket.status).toBe("FAILED");
    const b = await approvedTicket();
    await expect(runFulfilmentJob(w.prisma, b.job(1), new Date(), () => null)).rejects.toBeInstanceOf(PermanentJobError);
    expect((await state(b.ticket.id)).ticket.failureReason).toMatch(/No connector is installed for WEBHOOK/);
  });

  it("never records access that verify does not see", async () => {
    const { ticket, job } = await approvedTicket();
    const claims: Connector = { ...down(true), grant: async () => ({ externalRef: "claimed" }) };
    await expect(runFulfilmentJob(w.prisma, job(1), new Date(), () => claims)).rejects.toThrow(/does not show the access/);
    const s = await state(ticket.id);
    expect(s.grants.map((g) => g.status)).toEqual(["PENDING"]);
    expect(s.evidence).toBe(0);
  });

  it("leaves an API key waiting for its requester to collect it, shown once", async () => {
    const nhi = await w.identity("svc-checkout-worker");
    const e = await w.entitlement("api-keys:orders_api_write");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(48) });
    if (t.status === "PENDING_APPROVAL") {
      // Decided by whoever the path names; the delivery, not the route, is what this test is about.
      await w.prisma.accessRequest.update({ where: { id: t.id }, data: { status: "APPROVED" } });
    }
    const job: ClaimedJob = { id: "manual", type: "fulfilment.grant", payload: { requestId: t.id }, attempts: 1, maxAttempts: 8, requestId: t.id };
    const outcome = await runFulfilmentJob(w.prisma, job, new Date(), () => null);
    expect(outcome).toMatchObject({ state: "awaiting", delivery: "collect" });
    expect(await runFulfilmentJob(w.prisma, job, new Date(), () => null)).toMatchObject({ state: "awaiting", grantId: (outcome as { grantId: string }).grantId });
    const s = await state(t.id);
    expect(s.ticket.status).toBe("FULFILLING");
    expect(s.grants).toEqual([{ status: "PENDING", type: "SECRET", connectorType: "API_KEY" }]);
  });

  it("skips tickets that are not approved", async () => {
    const e = await w.entitlement("servicedesk:agent");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(48) });
    const job: ClaimedJob = { id: "manual", type: "fulfilment.grant", payload: { requestId: t.id }, attempts: 1, maxAttempts: 8, requestId: t.id };
    expect(await runFulfilmentJob(w.prisma, job, new Date(), () => null)).toMatchObject({ state: "skipped" });
    expect((await state(t.id)).grants).toEqual([]);
  });
});
