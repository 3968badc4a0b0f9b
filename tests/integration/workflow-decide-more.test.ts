import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkApprove } from "@/server/domain/approvals/bulk";
import { listInbox } from "@/server/domain/approvals/inbox";
import { AppError } from "@/server/domain/errors";
import { answerInfoRequest } from "@/server/domain/requests/ticket-actions";
import { decideStage, type DecideInput } from "@/server/domain/workflow/decide";
import { inHours, key, seededWorld, WHY, type World } from "./requests-world";

/** Narrowing, information requests, decision-time separation of duties, live delegates and bulk approval. */
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

const HOUR = 3_600_000;

async function viewer(local: string) {
  return w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, roles: true, name: true, email: true, department: true } });
}

async function submit(ref: string, expiresInHours?: number, subjectId = me.identity!.id) {
  const e = await w.entitlement(ref);
  const ticket = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId, justification: WHY, idempotencyKey: key(), ...(expiresInHours ? { expiresAt: inHours(expiresInHours) } : {}) });
  expect(ticket.status).toBe("PENDING_APPROVAL");
  return ticket;
}

const decide = async (local: string, input: Omit<DecideInput, "outcome"> & { outcome?: DecideInput["outcome"] }, now?: Date) =>
  decideStage(w.prisma, await viewer(local), { outcome: "APPROVE", ...input }, now);

async function openAssignees(requestId: string) {
  const rows = await w.prisma.approvalAssignment.findMany({ where: { requestId, status: "OPEN" }, select: { approverId: true, approver: { select: { email: true } } } });
  return rows.map((r) => ({ id: r.approverId, local: r.approver.email.split("@")[0]! }));
}

async function snapshot(requestId: string) {
  return {
    ticket: await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, scope: true, approvedScope: true, expiresAt: true } }),
    stages: await w.prisma.approvalStage.findMany({ where: { requestId }, orderBy: { position: "asc" }, select: { status: true, infoRequest: true, dueAt: true } }),
    decisions: await w.prisma.approvalDecision.count({ where: { requestId } }),
    events: await w.prisma.auditEvent.count({ where: { requestId } }),
    comments: await w.prisma.comment.count({ where: { requestId } }),
  };
}

/** Refused with this code and field, and nothing about the ticket changed. */
async function expectRefused(requestId: string, call: () => Promise<unknown>, code: AppError["code"], field: string, message?: RegExp) {
  const before = await snapshot(requestId);
  const error = await call().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code, field });
  if (message) expect((error as AppError).message).toMatch(message);
  expect(await snapshot(requestId)).toEqual(before);
}

describe("narrowing on approval", () => {
  it("records a narrower scope and a shorter expiry, and refuses widening either afterwards", async () => {
    const t = await submit("orders-db:orders_write", 100);
    const requested = (await snapshot(t.id)).ticket;
    const scope = requested.scope as Record<string, unknown>;
    expect(scope.privileges).toEqual(["SELECT", "INSERT", "UPDATE"]);
    const shorter = new Date(requested.expiresAt!.getTime() - 48 * HOUR).toISOString();
    await decide("avery.approver", { number: t.number, comment: "Reads and inserts are enough", scope: { ...scope, privileges: ["SELECT", "INSERT"] }, expiresAt: shorter });

    const after = await snapshot(t.id);
    expect(after.ticket.scope).toEqual(scope);
    expect(after.ticket.approvedScope).toEqual({ ...scope, privileges: ["SELECT", "INSERT"] });
    expect(after.ticket.expiresAt!.toISOString()).toBe(shorter);
    const decision = await w.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: t.id }, select: { narrowedScope: true, shortenedExpiresAt: true } });
    expect(decision.narrowedScope).toEqual({ ...scope, privileges: ["SELECT", "INSERT"] });
    expect(decision.shortenedExpiresAt!.toISOString()).toBe(shorter);
    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { requestId: t.id, action: "approval.approved" }, select: { data: true } });
    expect(event.data).toMatchObject({
      narrowed: {
        scopeChanges: [{ path: "privileges", from: ["SELECT", "INSERT", "UPDATE"], to: ["SELECT", "INSERT"] }],
        expiresAt: { from: requested.expiresAt!.toISOString(), to: shorter },
      },
    });

    // The next stage starts from what the first let through: UPDATE cannot come back, nor the later end.
    const [next] = await openAssignees(t.id);
    await expectRefused(t.id, () => decide(next!.local, { number: t.number, scope }), "BAD_REQUEST", "scope", /privileges may not add "UPDATE"/);
    await expectRefused(t.id, () => decide(next!.local, { number: t.number, expiresAt: requested.expiresAt!.toISOString() }), "BAD_REQUEST", "expiresAt", /may only be shortened/);
    await expectRefused(t.id, () => decide(next!.local, { number: t.number, scope: { ...scope, privileges: ["SELECT"], entitlement: "orders_dba" } }), "BAD_REQUEST", "scope", /entitlement names what is granted/);
    await expectRefused(t.id, () => decide(next!.local, { number: t.number, expiresAt: new Date(Date.now() - HOUR).toISOString() }), "BAD_REQUEST", "expiresAt", /future/);
    await expectRefused(t.id, () => decide(next!.local, { number: t.number, outcome: "DENY", comment: "No", expiresAt: shorter }), "BAD_REQUEST", "expiresAt");
    const result = await decide(next!.local, { number: t.number, scope: { ...scope, privileges: ["SELECT"] } });
    expect(result.status).toBe("APPROVED");
    expect((await snapshot(t.id)).ticket.approvedScope).toMatchObject({ privileges: ["SELECT"] });
  });

  it("leaves the ticket alone when the approver sends the scope unchanged", async () => {
    const t = await submit("servicedesk:agent");
    const { scope } = (await snapshot(t.id)).ticket;
    await decide("avery.approver", { number: t.number, scope: scope as Record<string, unknown> });
    const after = await snapshot(t.id);
    expect(after.ticket.approvedScope).toBeNull();
    const decision = await w.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: t.id }, select: { narrowedScope: true, shortenedExpiresAt: true } });
    expect(decision).toEqual({ narrowedScope: null, shortenedExpiresAt: null });
  });
});

describe("asking the requester for more information", () => {
  it("sends the ticket back with the question and returns it to the same stage when answered", async () => {
    const t = await submit("orders-db:orders_write", 100);
    await expectRefused(t.id, () => decide("avery.approver", { number: t.number, outcome: "REQUEST_INFO", comment: " " }), "BAD_REQUEST", "comment");
    const asked = await decide("avery.approver", { number: t.number, outcome: "REQUEST_INFO", comment: "Which tables do you need to write to?" });
    expect(asked).toEqual({ status: "PENDING_APPROVAL", stage: { position: 0, status: "INFO_REQUESTED", approvals: 0, quorum: 1 } });
    const avery = await viewer("avery.approver");
    const waiting = await snapshot(t.id);
    expect(waiting.stages[0]).toMatchObject({ status: "INFO_REQUESTED", infoRequest: { question: "Which tables do you need to write to?", askedById: avery.id } });
    expect(waiting.decisions).toBe(0);
    expect(await w.prisma.notification.count({ where: { requestId: t.id, userId: me.id, kind: "approval.info_requested" } })).toBe(1);
    // The requester's ticket page shows the question and offers the answer.
    expect(await riley.requests.openQuestion({ number: t.number })).toMatchObject({ question: "Which tables do you need to write to?", askedBy: avery.name, canAnswer: true });
    // Not in the approver's inbox while the requester owes an answer, and not decidable.
    const inbox = await listInbox(w.prisma, avery, { filters: { q: t.reference } });
    expect(inbox.items).toEqual([]);
    await expectRefused(t.id, () => decide("avery.approver", { number: t.number }), "CONFLICT", "number", /waiting for the requester's answer/);
    // Only the requester answers, and only an open question.
    const adam = await viewer("adam.admin");
    await expectRefused(t.id, () => answerInfoRequest(w.prisma, adam, { number: t.number, answer: "Me" }), "FORBIDDEN", "number");
    const rileyViewer = await viewer("riley.requester");
    await expectRefused(t.id, () => answerInfoRequest(w.prisma, rileyViewer, { number: t.number, answer: "  " }), "BAD_REQUEST", "answer");

    const later = new Date(Date.now() + 5 * HOUR);
    await answerInfoRequest(w.prisma, rileyViewer, { number: t.reference, answer: "Only orders and order_items." }, later);
    const answered = await snapshot(t.id);
    expect(answered.stages[0]).toMatchObject({ status: "PENDING", infoRequest: null });
    expect(await riley.requests.openQuestion({ number: t.number })).toBeNull();
    const stage = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, position: 0 }, select: { slaHours: true, dueAt: true } });
    expect(stage.dueAt!.getTime()).toBe(later.getTime() + stage.slaHours * HOUR);
    expect(answered.comments).toBe(2);
    expect(await w.prisma.notification.count({ where: { requestId: t.id, userId: avery.id, kind: "approval.info_provided" } })).toBe(1);
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: t.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["approval.info_requested", "approval.info_provided"]);
    await expectRefused(t.id, () => answerInfoRequest(w.prisma, rileyViewer, { number: t.number, answer: "Again" }), "PRECONDITION_FAILED", "number", /No question/);
    // Back in the inbox, and the same approver decides the same stage.
    expect((await listInbox(w.prisma, avery, { filters: { q: t.reference } })).items).toHaveLength(1);
    expect((await decide("avery.approver", { number: t.number })).stage).toMatchObject({ position: 0, status: "APPROVED" });
  });

  it("lets a seeded question be answered and the asker decide the stage after", async () => {
    const rileyViewer = await viewer("riley.requester");
    const stage = await w.prisma.approvalStage.findFirstOrThrow({
      where: { status: "INFO_REQUESTED", request: { requesterId: rileyViewer.id, status: "PENDING_APPROVAL" } },
      select: { requestId: true, infoRequest: true, request: { select: { number: true } } },
    });
    const asker = await w.prisma.user.findUniqueOrThrow({ where: { id: (stage.infoRequest as { askedById: string }).askedById }, select: { email: true } });
    await answerInfoRequest(w.prisma, rileyViewer, { number: stage.request.number, answer: "The orders and order_items tables only." });
    const result = await decide(asker.email.split("@")[0]!, { number: stage.request.number, comment: "Thanks, that is clear." });
    expect(result.stage.status).toBe("APPROVED");
  });

  it("lets the requester cancel while a question is open", async () => {
    const t = await submit("servicedesk:agent");
    await decide("avery.approver", { number: t.number, outcome: "REQUEST_INFO", comment: "Which queue?" });
    await riley.requests.cancel({ number: t.number, reason: "Asked the wrong thing" });
    const after = await snapshot(t.id);
    expect(after.ticket.status).toBe("CANCELLED");
    expect(after.stages.map((s) => s.status)).toEqual(["SKIPPED"]);
  });
});

describe("separation of duties at decision time", () => {
  it("never lets an NHI's owners be the only approvers of its high-risk access, even through a delegation", async () => {
    // svc-checkout-worker: owner Riley, backup owner Avery. Stage 1 is the backup owner, stage 2 the resource owner.
    const nhi = await w.identity("svc-checkout-worker");
    const t = await submit("orders-db:orders_app_rw", 1000, nhi.id);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { riskTier: true } })).riskTier).toMatch(/HIGH|CRITICAL/);
    await decide("avery.approver", { number: t.number });
    const [resourceOwner] = await openAssignees(t.id);
    expect(resourceOwner!.local).not.toBe("avery.approver");
    // The resource owner goes away and names the backup owner as delegate.
    const avery = await viewer("avery.approver");
    await w.prisma.delegation.create({ data: { delegatorId: resourceOwner!.id, delegateId: avery.id, startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) } });
    await expectRefused(t.id, () => decide("avery.approver", { number: t.number }), "FORBIDDEN", "number", /owners may not be the only approvers/);
    await w.prisma.delegation.deleteMany({ where: { delegatorId: resourceOwner!.id, delegateId: avery.id } });
    expect((await decide(resourceOwner!.local, { number: t.number })).status).toBe("APPROVED");
  });

  it("refuses a ticket linked to one that is for the decider's own access", async () => {
    const avery = await viewer("avery.approver");
    const averyTicket = await w.prisma.accessRequest.findFirstOrThrow({ where: { subject: { userId: avery.id } }, select: { id: true, number: true } });
    const t = await submit("servicedesk:agent");
    // A renewal or a follow-up review links tickets this way.
    await w.prisma.accessRequest.update({ where: { id: averyTicket.id }, data: { parentRequestId: t.id } });
    await expectRefused(t.id, () => decide("avery.approver", { number: t.number }), "FORBIDDEN", "number", /linked to AR-\d{6}, which is for your own access/);
    await w.prisma.accessRequest.update({ where: { id: averyTicket.id }, data: { parentRequestId: null } });
    expect((await decide("avery.approver", { number: t.number })).status).toBe("APPROVED");
  });
});

describe("a delegate deciding on behalf of an approver who is away", () => {
  it("decides the approver's open assignment and records on whose behalf", async () => {
    const t = await submit("servicedesk:agent");
    const avery = await viewer("avery.approver");
    const adam = await viewer("adam.admin");
    // Not yet delegated: the ticket is not adam's to see or decide.
    await expectRefused(t.id, () => decide("adam.admin", { number: t.number }), "FORBIDDEN", "number", /not waiting on you/);
    await w.prisma.delegation.create({ data: { delegatorId: avery.id, delegateId: adam.id, startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) } });
    try {
      const inbox = await listInbox(w.prisma, adam, { filters: { q: t.reference } });
      expect(inbox.items.map((r) => [r.reference, r.onBehalfOf])).toEqual([[t.reference, avery.name]]);
      expect((await decide("adam.admin", { number: t.number, comment: "Covering for Avery" })).status).toBe("APPROVED");
      const decision = await w.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: t.id }, select: { approverId: true, onBehalfOfId: true } });
      expect(decision).toEqual({ approverId: adam.id, onBehalfOfId: avery.id });
      const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { requestId: t.id, action: "approval.approved" }, select: { actorId: true, data: true } });
      expect(event).toMatchObject({ actorId: adam.id, data: { onBehalfOfId: avery.id } });
      // The ticket page shows the decision on Avery's row, by Adam on her behalf.
      const page = await riley.requests.get({ number: t.number });
      expect(page.stages[0]!.approvers).toEqual([
        expect.objectContaining({ id: adam.id, onBehalfOf: expect.objectContaining({ id: avery.id }), decision: expect.objectContaining({ outcome: "APPROVE" }) }),
      ]);
    } finally {
      await w.prisma.delegation.deleteMany({ where: { delegatorId: avery.id, delegateId: adam.id } });
    }
  });
});

describe("the inbox of someone who is both an assignee and a delegate", () => {
  it("shows the stage once, as their own, and not at all once they decided it", async () => {
    const t = await submit("orders-db:orders_migrator", 6);
    const [owner] = await openAssignees(t.id);
    await decide(owner!.local, { number: t.number });
    const stage = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, status: "PENDING" }, select: { id: true, quorum: true } });
    expect(stage.quorum).toBe(2);
    const avery = await viewer("avery.approver");
    const [reviewer] = await openAssignees(t.id);
    // Crafted: Avery is one of the reviewers, and another reviewer is away, delegating to her.
    await w.prisma.approvalAssignment.create({ data: { stageId: stage.id, requestId: t.id, approverId: avery.id } });
    await w.prisma.delegation.create({ data: { delegatorId: reviewer!.id, delegateId: avery.id, startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) } });
    try {
      const before = await listInbox(w.prisma, avery, { filters: { q: t.reference } });
      expect(before.items.map((r) => [r.reference, r.onBehalfOf])).toEqual([[t.reference, null]]);
      expect((await decide("avery.approver", { number: t.number })).stage).toMatchObject({ approvals: 1, quorum: 2 });
      expect((await listInbox(w.prisma, avery, { filters: { q: t.reference } })).total).toBe(0);
      await expectRefused(t.id, () => decide("avery.approver", { number: t.number }), "CONFLICT", "number", /already decided this stage/);
    } finally {
      await w.prisma.delegation.deleteMany({ where: { delegatorId: reviewer!.id, delegateId: avery.id } });
    }
  });
});

describe("bulk approval", () => {
  async function lowRiskTicket() {
    for (const ref of ["servicedesk:agent", "staging-db:staging_read", "cloud-prod:cloud_billing_view"]) {
      const e = await w.entitlement(ref);
      const input = { kind: "GRANT" as const, entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(6) };
      const preview = await riley.requests.preview(input);
      if (preview.decision?.risk.tier === "LOW" && preview.decision.route === "WORKFLOW") return riley.requests.submit(input);
    }
    throw new Error("no low-risk entitlement routed to a workflow in the seed");
  }

  it("approves only low-risk tickets, with the one comment recorded on each", async () => {
    const a = await lowRiskTicket();
    const b = await lowRiskTicket();
    const high = await submit("orders-db:orders_write", 100);
    const avery = await viewer("avery.approver");
    const refused = await bulkApprove(w.prisma, avery, { numbers: [a.number, high.number], comment: "Routine" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", field: "numbers" });
    expect((refused as AppError).message).toMatch(/only for LOW-risk tickets/);
    expect(await w.prisma.approvalDecision.count({ where: { requestId: { in: [a.id, high.id] } } })).toBe(0);

    const { results } = await bulkApprove(w.prisma, avery, { numbers: [a.number, b.number, a.number], comment: "Routine access for the support rota" });
    expect(results).toEqual([
      { number: a.reference, ok: true, status: "APPROVED" },
      { number: b.reference, ok: true, status: "APPROVED" },
    ]);
    const comments = await w.prisma.approvalDecision.findMany({ where: { requestId: { in: [a.id, b.id] } }, select: { comment: true } });
    expect(comments).toEqual([{ comment: "Routine access for the support rota" }, { comment: "Routine access for the support rota" }]);
    // Already decided: reported per ticket, nothing else changes.
    const again = await bulkApprove(w.prisma, avery, { numbers: [a.number], comment: "Again" });
    expect(again.results).toEqual([{ number: a.reference, ok: false, error: expect.stringMatching(/already decided/) }]);
  });
});
