import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { ConnectorError } from "@/server/connectors/types";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import { sweepSla } from "@/server/domain/workflow/sla";
import { decideStage } from "@/server/domain/workflow/decide";
import type { ClaimedJob } from "@/server/jobs/types";
import { expectRefusal, fulfilmentJob, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * Break-glass: an EMERGENCY exception is granted at once and reviewed afterwards on a REVIEW
 * ticket that security decides by the follow-up deadline; a denial takes the access away. Each
 * test files its own tickets, granted through the real PostgreSQL connector where access matters.
 */
let w: World;
const SECURITY = ["victor.almeida@acme.example", "nadia.rahman@acme.example", "felix.wagner@acme.example", "adam.admin@acme.example"];
const HOUR = 3_600_000;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

async function emergency(requester = "riley.requester", ref = "orders-db:orders_write", incidentId = "INC-2041") {
  const caller = await w.as(requester);
  const me = await w.person(requester);
  const e = await w.entitlement(ref);
  const ticket = await caller.requests.submit({ kind: "EXCEPTION", exceptionType: "EMERGENCY", incidentId, entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, expiresAt: inHours(3), idempotencyKey: key() });
  const review = await w.prisma.accessRequest.findFirstOrThrow({ where: { parentRequestId: ticket.id, kind: "REVIEW" }, select: { id: true, number: true } });
  return { ticket, review, me };
}

async function membership(group: string, member = "riley_requester"): Promise<number> {
  const rows = await w.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
    WHERE g.rolname = ${group} AND m.rolname = ${member}`;
  return Number(rows[0]!.n);
}

/** An open assignee of the review's stage, as decideStage takes them. */
async function reviewer(reviewId: string) {
  const open = await w.prisma.approvalAssignment.findFirstOrThrow({ where: { requestId: reviewId, status: "OPEN" }, select: { approver: { select: { id: true, roles: true } } } });
  return open.approver;
}

async function queuedJob(dedupeKey: string): Promise<ClaimedJob> {
  const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true, type: true, payload: true, maxAttempts: true, requestId: true } });
  return { ...job, attempts: 1 };
}

describe("an EMERGENCY exception under break-glass", () => {
  it("is granted at once with a queued fulfilment and a follow-up review for security due at the deadline, in one transaction", async () => {
    const before = new Date();
    const { ticket, review } = await emergency();
    expect(ticket.status).toBe("AUTO_APPROVED");
    const parent = await w.prisma.accessRequest.findUniqueOrThrow({
      where: { id: ticket.id },
      select: { status: true, decisionRoute: true, decisionReasons: true, workflowId: true, followUpDueAt: true, submittedAt: true, subjectId: true, systemId: true, entitlementId: true, scope: true, requesterId: true, stages: { select: { id: true } } },
    });
    expect(parent).toMatchObject({ status: "AUTO_APPROVED", decisionRoute: "AUTO_APPROVE", workflowId: null, stages: [] });
    const reasons = (parent.decisionReasons as { reasons: { code: string; message: string }[] }).reasons;
    expect(reasons).toContainEqual({ code: "BREAK_GLASS", message: expect.stringMatching(/^Break-glass: granted at once, before review/) });
    expect(await w.prisma.job.count({ where: { dedupeKey: `fulfil:${ticket.id}`, type: "fulfilment.grant" } })).toBe(1);

    const row = await w.prisma.accessRequest.findUniqueOrThrow({
      where: { id: review.id },
      select: {
        kind: true,
        status: true,
        requesterId: true,
        subjectId: true,
        systemId: true,
        entitlementId: true,
        scope: true,
        justification: true,
        expiresAt: true,
        followUpDueAt: true,
        incidentId: true,
        workflow: { select: { key: true } },
        stages: { select: { name: true, status: true, dueAt: true, assignments: { select: { approverId: true, approver: { select: { email: true } } } } } },
      },
    });
    expect(row).toMatchObject({
      kind: "REVIEW",
      status: "PENDING_APPROVAL",
      requesterId: parent.requesterId,
      subjectId: parent.subjectId,
      systemId: parent.systemId,
      entitlementId: parent.entitlementId,
      scope: parent.scope,
      expiresAt: null,
      incidentId: "INC-2041",
      workflow: { key: "break-glass" },
    });
    expect(row.justification).toMatch(new RegExp(`^Follow-up review of break-glass access ${ticket.reference} during incident INC-2041`));
    // Due 24 hours (followUpReviewWithinHours) after the grant was asked for, on both tickets.
    const due = parent.submittedAt!.getTime() + 24 * HOUR;
    expect(parent.followUpDueAt!.getTime()).toBe(due);
    expect(row.followUpDueAt!.getTime()).toBe(due);
    expect(row.stages).toHaveLength(1);
    const stage = row.stages[0]!;
    expect(stage).toMatchObject({ name: "Security follow-up review", status: "PENDING" });
    expect(stage.dueAt!.getTime()).toBe(due);
    expect(stage.assignments.length).toBeGreaterThan(0);
    expect(stage.assignments.every((a) => SECURITY.includes(a.approver.email))).toBe(true);
    const notified = await w.prisma.notification.findMany({ where: { requestId: review.id, kind: "approval.requested" }, select: { userId: true } });
    expect(notified.map((n) => n.userId).sort()).toEqual(stage.assignments.map((a) => a.approverId).sort());

    // Every event of both tickets was appended by one transaction: one batch, one timestamp, no gap.
    const events = await w.prisma.auditEvent.findMany({ where: { requestId: { in: [ticket.id, review.id] }, occurredAt: { gte: new Date(before.getTime() - 1000) } }, orderBy: { seq: "asc" }, select: { seq: true, occurredAt: true, action: true, requestId: true } });
    expect(events.map((e) => e.action)).toEqual(["request.submitted", "policy.decided", "request.auto_approved", "review.opened", "approval.stage_opened"]);
    expect(new Set(events.map((e) => e.occurredAt.getTime())).size).toBe(1);
    expect(events.every((e, i) => e.seq === events[0]!.seq + BigInt(i))).toBe(true);
  });

  it("is confirmed by an approved review, which closes without fulfilling anything", async () => {
    const { ticket, review } = await emergency("riley.requester", "orders-db:orders_read", "INC-2050");
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, ticket.id), new Date(), connectorFor);
    expect(await membership("orders_read")).toBe(1);
    const result = await decideStage(w.prisma, await reviewer(review.id), { number: review.number, outcome: "APPROVE", comment: "Incident INC-2050 confirmed the need." });
    expect(result.status).toBe("CLOSED");
    const row = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, closedAt: true, grants: { select: { id: true } } } });
    expect(row).toMatchObject({ status: "CLOSED", closedAt: expect.any(Date), grants: [] });
    expect(await w.prisma.job.count({ where: { requestId: review.id } })).toBe(0);
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: review.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(actions.slice(-5)).toEqual(["approval.approved", "approval.stage_completed", "review.confirmed", "evidence.recorded", "request.closed"]);
    // It closes with the emergency grant's read-back it confirmed.
    const reviewed = await w.prisma.closureEvidence.findMany({ where: { requestId: review.id }, select: { kind: true, connectorType: true, summary: true } });
    expect(reviewed).toEqual([{ kind: "GRANTED", connectorType: "POSTGRES", summary: expect.stringMatching(/^Reviewed: /) }]);
    // The emergency access itself is untouched.
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true } })).status).toBe("ACTIVE");
    expect(await membership("orders_read")).toBe(1);
  });

  it("is taken away when the review is denied: the parent's grant is revoked on its target and the requester told", async () => {
    const { ticket, review, me } = await emergency("riley.requester", "orders-db:orders_write", "INC-2077");
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, ticket.id), new Date(), connectorFor);
    expect(await membership("orders_write")).toBe(1);
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: ticket.id }, select: { id: true, status: true } });
    expect(grant.status).toBe("ACTIVE");

    const result = await decideStage(w.prisma, await reviewer(review.id), { number: review.number, outcome: "DENY", comment: "INC-2077 did not need write access." });
    expect(result.status).toBe("DENIED");
    const job = await queuedJob(`follow-up-revoke:${grant.id}`);
    expect(job).toMatchObject({ type: "fulfilment.revoke", requestId: ticket.id, payload: { grantId: grant.id, reason: "follow-up review denied" } });
    const told = await w.prisma.notification.findMany({ where: { requestId: ticket.id, userId: me.id, kind: "request.denied" }, select: { title: true } });
    expect(told).toEqual([{ title: `${ticket.reference}: emergency access removed after review` }]);
    const parentActions = (await w.prisma.auditEvent.findMany({ where: { requestId: ticket.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(parentActions.at(-1)).toBe("grant.revocation_queued");

    expect(await runRevokeJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "revoked" });
    expect(await membership("orders_write")).toBe(0);
    const parent = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true, grants: { select: { status: true } }, evidence: { where: { kind: "REVOKED" }, select: { grantId: true } } } });
    expect(parent).toEqual({ status: "CLOSED", grants: [{ status: "REVOKED" }], evidence: [{ grantId: grant.id }] });
  });

  it("is withdrawn before it is granted when the review is denied first", async () => {
    const { ticket, review } = await emergency("riley.requester", "orders-db:orders_read", "INC-2090");
    await decideStage(w.prisma, await reviewer(review.id), { number: review.number, outcome: "DENY", comment: "Resolved without access." });
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true } })).status).toBe("CANCELLED");
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, ticket.id), new Date(), connectorFor)).toMatchObject({ state: "skipped" });
    expect(await w.prisma.grant.count({ where: { requestId: ticket.id } })).toBe(0);
    const evidence = await w.prisma.closureEvidence.findMany({ where: { requestId: ticket.id }, select: { kind: true, summary: true } });
    expect(evidence).toEqual([{ kind: "CANCELLED", summary: expect.stringMatching(/^Cancelled before fulfilment started/) }]);
  });

  it("is stopped when the review is denied while its grant is still being set up: nothing is recorded and the target is read back empty", async () => {
    const { ticket, review } = await emergency("riley.requester", "warehouse:finance_mart_read", "INC-2095");
    const down = { ...connectorFor("POSTGRES")!, grant: async () => { throw new ConnectorError("connection refused"); } };
    await expect(runFulfilmentJob(w.prisma, await fulfilmentJob(w, ticket.id), new Date(), () => down)).rejects.toBeInstanceOf(ConnectorError);
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: ticket.id }, select: { id: true, status: true } });
    expect(grant.status).toBe("PENDING");

    await decideStage(w.prisma, await reviewer(review.id), { number: review.number, outcome: "DENY", comment: "Not needed for INC-2095." });
    expect(await runRevokeJob(w.prisma, await queuedJob(`follow-up-revoke:${grant.id}`), new Date(), connectorFor)).toMatchObject({ state: "revoked" });
    // The fulfilment retry finds the ticket closed and grants nothing.
    expect(await runFulfilmentJob(w.prisma, { ...(await fulfilmentJob(w, ticket.id)), attempts: 2 }, new Date(), connectorFor)).toMatchObject({ state: "skipped" });
    expect(await membership("finance_read")).toBe(0);
    const parent = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true, grants: { select: { status: true } }, evidence: { select: { kind: true } } } });
    expect(parent).toEqual({ status: "CLOSED", grants: [{ status: "REVOKED" }], evidence: [{ kind: "REVOKED" }] });
  });

  it("never lets the requester decide or withdraw the review", async () => {
    // Adam is a security reviewer himself: his own emergency's review goes to the others.
    const { review } = await emergency("adam.admin", "orders-db:orders_read", "INC-2101");
    const adam = await w.person("adam.admin");
    const assignees = await w.prisma.approvalAssignment.findMany({ where: { requestId: review.id }, select: { approverId: true } });
    expect(assignees.map((a) => a.approverId)).not.toContain(adam.id);
    const caller = await w.as("adam.admin");
    await expectRefusal(caller.approvals.decide({ number: review.number, outcome: "APPROVE", comment: "Fine." }), "FORBIDDEN", "number", /requester may not decide their own request/);
    await expectRefusal(caller.requests.cancel({ number: review.number }), "FORBIDDEN", "number", /cannot be withdrawn/);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: review.id }, select: { status: true } })).status).toBe("PENDING_APPROVAL");
  });

  it("stays open and escalates when overdue; the SLA sweep never lets it lapse undecided", async () => {
    const { review } = await emergency("riley.requester", "orders-db:orders_read", "INC-2112");
    // Long past the policy's undecidedExpiryHours (168 h), which closes ordinary tickets.
    const later = new Date(Date.now() + 200 * HOUR);
    await sweepSla(w.prisma, later);
    const row = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, stages: { select: { remindedAt: true, escalatedAt: true, assignments: { select: { approver: { select: { email: true } } } } } } } });
    expect(row.status).toBe("PENDING_APPROVAL");
    expect(row.stages[0]).toMatchObject({ remindedAt: expect.any(Date), escalatedAt: expect.any(Date) });
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: review.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["approval.reminder_sent", "approval.escalated"]));
    expect(actions).not.toContain("request.expired_undecided");
  });
});

describe("a VENDOR exception's sponsor", () => {
  async function vendorInput(sponsorId: string) {
    const vendor = await w.identity("vendor.dbcare-consultant");
    const e = await w.entitlement("orders-db:orders_read");
    return { kind: "EXCEPTION" as const, exceptionType: "VENDOR" as const, entitlementId: e.id, subjectId: vendor.id, sponsorId, vendorWindowStart: inHours(1), vendorWindowEnd: inHours(5), expiresAt: inHours(5), justification: WHY, idempotencyKey: key() };
  }

  it("must be someone other than the requester", async () => {
    const kenji = await w.as("kenji.watanabe");
    const me = await w.person("kenji.watanabe");
    await expectRefusal(kenji.requests.submit(await vendorInput(me.id)), "BAD_REQUEST", "sponsorId", /someone other than you, the requester/);
  });

  it("must be an active employee", async () => {
    const kenji = await w.as("kenji.watanabe");
    const gone = await w.prisma.user.findFirstOrThrow({ where: { active: false }, select: { id: true } });
    await expectRefusal(kenji.requests.submit(await vendorInput(gone.id)), "BAD_REQUEST", "sponsorId", /active employee/);
  });

  it("approves the session first, then the resource side", async () => {
    const kenji = await w.as("kenji.watanabe");
    const sofia = await w.person("sofia.lindqvist");
    const ticket = await kenji.requests.submit(await vendorInput(sofia.id));
    const row = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true, stages: { orderBy: { position: "asc" }, select: { name: true, status: true, assignments: { select: { approverId: true, onBehalfOfId: true } } } } } });
    expect(row.status).toBe("PENDING_APPROVAL");
    expect(row.stages.map((s) => [s.name, s.status])).toEqual([["Sponsor", "PENDING"], ["Resource owner", "WAITING"]]);
    expect(row.stages[0]!.assignments.map((a) => a.onBehalfOfId ?? a.approverId)).toEqual([sofia.id]);
  });
});
