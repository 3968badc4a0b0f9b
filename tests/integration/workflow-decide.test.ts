import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { decideStage, type DecideInput } from "@/server/domain/workflow/decide";
import { inHours, key, seededWorld, WHY, type World } from "./requests-world";

/** Deciding approval stages: quorum, stage hand-over, refusals and racing approvers. */
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

async function viewer(local: string) {
  return w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, roles: true } });
}

async function submit(ref: string, expiresInHours?: number) {
  const e = await w.entitlement(ref);
  const input = { kind: "GRANT" as const, entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), ...(expiresInHours ? { expiresAt: inHours(expiresInHours) } : {}) };
  const ticket = await riley.requests.submit(input);
  expect(ticket.status).toBe("PENDING_APPROVAL");
  return ticket;
}

const decide = async (local: string, number: number, outcome: DecideInput["outcome"] = "APPROVE", comment?: string) =>
  decideStage(w.prisma, await viewer(local), { number, outcome, comment });

/** Who may decide the ticket's current stage, as e-mail local parts. */
async function openApprovers(requestId: string) {
  const rows = await w.prisma.approvalAssignment.findMany({ where: { requestId, status: "OPEN" }, select: { approver: { select: { email: true } } } });
  return rows.map((r) => r.approver.email.split("@")[0]!).sort();
}

async function state(requestId: string) {
  const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, currentStage: true, decidedAt: true } });
  return {
    ticket,
    decisions: await w.prisma.approvalDecision.count({ where: { requestId } }),
    assignments: await w.prisma.approvalAssignment.groupBy({ by: ["status"], where: { requestId }, _count: true, orderBy: { status: "asc" } }),
    stages: (await w.prisma.approvalStage.findMany({ where: { requestId }, orderBy: { position: "asc" }, select: { status: true } })).map((s) => s.status),
    events: await w.prisma.auditEvent.count({ where: { requestId } }),
  };
}

async function actions(requestId: string) {
  const rows = await w.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

/** Refused with this code and field, and nothing about the ticket changed. */
async function expectRefused(requestId: string, call: () => Promise<unknown>, code: AppError["code"], message?: RegExp) {
  const before = await state(requestId);
  const error = await call().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  expect(await state(requestId)).toEqual(before);
  return error as AppError;
}

describe("approving", () => {
  it("approves a single-stage ticket", async () => {
    const t = await submit("servicedesk:agent");
    const result = await decide("avery.approver", t.number);
    expect(result).toEqual({ status: "APPROVED", stage: { position: 0, status: "APPROVED", approvals: 1, quorum: 1 } });
    const s = await state(t.id);
    expect(s.ticket).toMatchObject({ status: "APPROVED", decidedAt: expect.any(Date), currentStage: null });
    expect(s.stages).toEqual(["APPROVED"]);
    expect(await openApprovers(t.id)).toEqual([]);
    expect((await actions(t.id)).slice(-3)).toEqual(["approval.approved", "approval.stage_completed", "request.approved"]);
    // Fulfilment is queued once, as a job.
    const jobs = await w.prisma.job.findMany({ where: { requestId: t.id }, select: { type: true, status: true, dedupeKey: true } });
    expect(jobs).toEqual([{ type: "fulfilment.grant", status: "QUEUED", dedupeKey: `fulfil:${t.id}` }]);
    // The requester hears of it in the app.
    const notes = await w.prisma.notification.findMany({ where: { requestId: t.id, userId: me.id }, select: { kind: true, title: true } });
    expect(notes).toContainEqual({ kind: "request.approved", title: `${t.reference} was approved` });
  });

  it("opens the second stage with its approvers from the snapshot, then approves the ticket", async () => {
    const t = await submit("orders-db:orders_write", 100);
    const first = await decide("avery.approver", t.number);
    expect(first).toEqual({ status: "PENDING_APPROVAL", stage: { position: 0, status: "APPROVED", approvals: 1, quorum: 1 } });
    const stage2 = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, position: 1 }, select: { status: true, startedAt: true, dueAt: true, slaHours: true } });
    expect(stage2).toMatchObject({ status: "PENDING", startedAt: expect.any(Date) });
    expect(stage2.dueAt!.getTime() - stage2.startedAt!.getTime()).toBe(stage2.slaHours * 3_600_000);
    // The snapshot named the resource owner; an active delegation hands the assignment to the delegate.
    const sofia = await viewer("sofia.lindqvist");
    const [open] = await w.prisma.approvalAssignment.findMany({ where: { requestId: t.id, status: "OPEN" }, select: { approverId: true, onBehalfOfId: true, approver: { select: { email: true } } } });
    expect(open!.onBehalfOfId ?? open!.approverId).toBe(sofia.id);
    const assignee = open!.approver.email.split("@")[0]!;
    expect(await openApprovers(t.id)).toEqual([assignee]);
    expect((await state(t.id)).ticket.currentStage).toBe(1);
    expect((await actions(t.id)).slice(-3)).toEqual(["approval.approved", "approval.stage_completed", "approval.stage_opened"]);
    // The first stage's approver is done and has no say on the second.
    await expectRefused(t.id, () => decide("avery.approver", t.number), "FORBIDDEN", /not waiting on you/);
    const last = await decide(assignee, t.number);
    expect(last).toEqual({ status: "APPROVED", stage: { position: 1, status: "APPROVED", approvals: 1, quorum: 1 } });
    const decision = await w.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: t.id, stage: { position: 1 } }, select: { onBehalfOfId: true } });
    expect(decision.onBehalfOfId).toBe(open!.onBehalfOfId);
    const approved = await w.prisma.auditEvent.findFirstOrThrow({ where: { requestId: t.id, action: "approval.approved" }, orderBy: { seq: "desc" }, select: { data: true } });
    expect(approved.data).toMatchObject({ stage: "Resource owner", approvals: 1, quorum: 1, onBehalfOfId: open!.onBehalfOfId });
  });

  it("needs two different approvers for a quorum of two", async () => {
    const t = await submit("orders-db:orders_migrator", 6);
    const [owner] = await openApprovers(t.id);
    await decide(owner!, t.number);
    const reviewers = await openApprovers(t.id);
    expect(reviewers.length).toBeGreaterThanOrEqual(2);
    const [a, b] = reviewers as [string, string];
    expect(await decide(a, t.number)).toEqual({ status: "PENDING_APPROVAL", stage: { position: 1, status: "PENDING", approvals: 1, quorum: 2 } });
    await expectRefused(t.id, () => decide(a, t.number), "CONFLICT", /already decided this stage/);
    expect((await state(t.id)).ticket.status).toBe("PENDING_APPROVAL");
    expect(await decide(b, t.number)).toEqual({ status: "APPROVED", stage: { position: 1, status: "APPROVED", approvals: 2, quorum: 2 } });
    // The reviewers who did not decide are withdrawn.
    expect(await openApprovers(t.id)).toEqual([]);
    const approved = await w.prisma.auditEvent.findMany({ where: { requestId: t.id, action: "approval.approved" }, orderBy: { seq: "asc" }, select: { data: true } });
    expect(approved.map((e) => (e.data as { approvals: number }).approvals)).toEqual([1, 1, 2]);
  });
});

describe("denying", () => {
  it("requires a comment", async () => {
    const t = await submit("servicedesk:agent");
    const error = await expectRefused(t.id, () => decide("avery.approver", t.number, "DENY", "  "), "BAD_REQUEST");
    expect(error.field).toBe("comment");
  });

  it("denies the ticket, withdraws every open assignment and skips later stages", async () => {
    const t = await submit("orders-db:orders_write", 100);
    const result = await decide("avery.approver", t.number, "DENY", "Use the read replica instead.");
    expect(result).toEqual({ status: "DENIED", stage: { position: 0, status: "DENIED", approvals: 0, quorum: 1 } });
    const s = await state(t.id);
    expect(s.ticket).toMatchObject({ status: "DENIED", decidedAt: expect.any(Date) });
    expect(s.stages).toEqual(["DENIED", "SKIPPED"]);
    expect(await openApprovers(t.id)).toEqual([]);
    expect((await actions(t.id)).slice(-3)).toEqual(["approval.denied", "approval.stage_completed", "request.denied"]);
    const decision = await w.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: t.id }, select: { outcome: true, comment: true } });
    expect(decision).toEqual({ outcome: "DENY", comment: "Use the read replica instead." });
  });
});

describe("refusals change nothing", () => {
  it("refuses who may not see the ticket, and an admin it is not waiting on", async () => {
    const t = await submit("servicedesk:agent");
    const unseen = await expectRefused(t.id, () => decide("sofia.lindqvist", t.number), "NOT_FOUND");
    expect(unseen.field).toBe("number");
    await expectRefused(t.id, () => decide("adam.admin", t.number), "FORBIDDEN", /not waiting on you/);
  });

  it("refuses an already decided and a cancelled ticket", async () => {
    const decided = await submit("servicedesk:agent");
    await decide("avery.approver", decided.number);
    await expectRefused(decided.id, () => decide("avery.approver", decided.number), "CONFLICT", /already decided/);
    const cancelled = await submit("servicedesk:agent");
    await riley.requests.cancel({ number: cancelled.reference });
    await expectRefused(cancelled.id, () => decide("avery.approver", cancelled.number), "CONFLICT", /cancelled/);
  });

  it("refuses the requester and the subject's person, even with an open assignment", async () => {
    const t = await submit("servicedesk:agent");
    const stage = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, status: "PENDING" }, select: { id: true } });
    // Crafted: separation of duties must hold even when an assignment slipped through.
    await w.prisma.approvalAssignment.create({ data: { stageId: stage.id, requestId: t.id, approverId: me.id } });
    await expectRefused(t.id, () => decide("riley.requester", t.number), "FORBIDDEN", /Separation of duties: the requester/);
    const adam = await viewer("adam.admin");
    await w.prisma.accessRequest.update({ where: { id: t.id }, data: { requesterId: adam.id } });
    await expectRefused(t.id, () => decide("riley.requester", t.number), "FORBIDDEN", /Separation of duties: nobody may decide a request for their own access/);
  });
});

describe("racing decisions", () => {
  it("lets exactly one of two approvers of a quorum-1 stage decide", async () => {
    const t = await submit("servicedesk:agent");
    const stage = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, status: "PENDING" }, select: { id: true } });
    const adam = await viewer("adam.admin");
    await w.prisma.approvalAssignment.create({ data: { stageId: stage.id, requestId: t.id, approverId: adam.id } });
    const results = await Promise.allSettled([decide("avery.approver", t.number), decide("adam.admin", t.number)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await w.prisma.approvalDecision.count({ where: { requestId: t.id } })).toBe(1);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "approval.approved" } })).toBe(1);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "request.approved" } })).toBe(1);
    expect((await state(t.id)).ticket.status).toBe("APPROVED");
  });

  it("completes a quorum-2 stage exactly once when every assignee approves at the same moment", async () => {
    const t = await submit("orders-db:orders_migrator", 6);
    const [owner] = await openApprovers(t.id);
    await decide(owner!, t.number);
    const stage = await w.prisma.approvalStage.findFirstOrThrow({ where: { requestId: t.id, status: "PENDING" }, select: { id: true } });
    // Crafted: more assignees than the group has, so more people race than the quorum needs.
    // Roles are filtered here: the PGlite adapter cannot bind an enum array in a filter.
    const candidates = await w.prisma.user.findMany({
      where: { active: true, id: { notIn: [me.id] }, assignments: { none: { requestId: t.id } } },
      orderBy: { email: "asc" },
      select: { id: true, roles: true },
    });
    const extra = candidates.filter((u) => u.roles.includes("APPROVER")).slice(0, 4);
    await w.prisma.approvalAssignment.createMany({ data: extra.map((u) => ({ stageId: stage.id, requestId: t.id, approverId: u.id })) });
    const racers = await openApprovers(t.id);
    expect(racers.length).toBeGreaterThanOrEqual(5);
    const results = await Promise.allSettled(racers.map((a) => decide(a, t.number)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(2);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(r.reason).toMatchObject({ code: "CONFLICT" });
    expect(await w.prisma.approvalDecision.count({ where: { stageId: stage.id } })).toBe(2);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "approval.approved" } })).toBe(3);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "approval.stage_completed" } })).toBe(2);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "request.approved" } })).toBe(1);
    expect(await w.prisma.job.count({ where: { requestId: t.id, type: "fulfilment.grant" } })).toBe(1);
    expect((await state(t.id)).ticket.status).toBe("APPROVED");
  });

  it("counts one approver deciding twice at once as one decision", async () => {
    const t = await submit("orders-db:orders_migrator", 6);
    const [owner] = await openApprovers(t.id);
    await decide(owner!, t.number);
    const [a] = (await openApprovers(t.id)) as [string];
    const results = await Promise.allSettled([decide(a, t.number), decide(a, t.number)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await w.prisma.approvalDecision.count({ where: { requestId: t.id, stage: { position: 1 } } })).toBe(1);
    expect((await state(t.id)).ticket.status).toBe("PENDING_APPROVAL");
  });

  it("lets either a cancel or a decision win when they meet, never both and never a deadlock", async () => {
    const t = await submit("servicedesk:agent");
    const results = await Promise.allSettled([
      riley.requests.cancel({ number: t.number, reason: "No longer needed" }),
      decide("avery.approver", t.number),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(["CONFLICT", "PRECONDITION_FAILED", "FORBIDDEN"]).toContain((loser.reason as { code: string }).code);
    const { ticket } = await state(t.id);
    const decisions = await w.prisma.approvalDecision.count({ where: { requestId: t.id } });
    if (ticket.status === "CANCELLED") expect(decisions).toBe(0);
    else expect([ticket.status, decisions]).toEqual(["APPROVED", 1]);
  });
});
