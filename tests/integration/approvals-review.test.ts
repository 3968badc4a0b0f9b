import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInbox } from "@/server/domain/approvals/inbox";
import { reviewTicket } from "@/server/domain/approvals/review";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { decideStage } from "@/server/domain/workflow/decide";
import { inHours, key, seededWorld, WHY, type World } from "./requests-world";

/** The approver's review read model on the seeded organisation: context, path and who may decide. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

async function viewer(local: string) {
  return w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, roles: true, name: true } });
}

const review = async (local: string, number: number | string) => reviewTicket(w.prisma, await viewer(local), { number });

async function submitAs(local: string, ref: string, extra: { subjectId?: string; expiresInHours?: number } = {}) {
  const caller = await w.as(local);
  const me = await w.person(local);
  const e = await w.entitlement(ref);
  return caller.requests.submit({
    kind: "GRANT",
    entitlementId: e.id,
    subjectId: extra.subjectId ?? me.identity!.id,
    justification: WHY,
    idempotencyKey: key(),
    ...(extra.expiresInHours ? { expiresAt: inHours(extra.expiresInHours) } : {}),
  });
}

/** A seeded ticket picked by what it is, so the tests do not depend on ticket numbers. */
async function seeded(where: Parameters<World["prisma"]["accessRequest"]["findFirstOrThrow"]>[0]) {
  return w.prisma.accessRequest.findFirstOrThrow({ ...where, select: { id: true, number: true } });
}

async function refusedWith(call: Promise<unknown>, code: AppError["code"]) {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("a fresh GRANT for a person", () => {
  it("gives the manager everything to decide, and lets them decide", async () => {
    const t = await submitAs("riley.requester", "servicedesk:queue_admin", { expiresInHours: 24 * 20 });
    expect(t.status).toBe("PENDING_APPROVAL");
    const r = await review("avery.approver", t.number);
    expect(r.ticket).toMatchObject({
      number: t.number,
      reference: formatRequestNumber(t.number),
      kind: "GRANT",
      status: "PENDING_APPROVAL",
      justification: WHY,
      entitlementRef: "servicedesk:queue_admin",
      approvedScope: null,
      expiresAt: expect.any(Date),
      submittedAt: expect.any(Date),
    });
    expect(r.ticket.title).toContain("Queue administrator");
    expect(r.ticket.scope).toMatchObject({ system: "servicedesk", entitlement: "queue_admin", role: "queue_admin", queues: ["customer-support", "billing"] });
    expect(r.requester).toMatchObject({ name: "Riley Requester", department: "Engineering", manager: { name: "Avery Approver" } });
    expect(r.subject).toMatchObject({ kind: "HUMAN", nhi: null, person: { email: "riley.requester@acme.example", manager: { name: "Avery Approver" } } });
    // Nothing held on this entitlement: every key of the scope is new access.
    expect(r.scope.base).toBe("none");
    expect(r.scope.changes.every((c) => c.kind === "added")).toBe(true);
    expect(r.scope.changes.map((c) => c.path)).toContain("queues");
    expect(r.policy).toMatchObject({ version: 1, route: "WORKFLOW", ruleId: "default", workflow: { key: "manager-approval" }, riskTier: "MEDIUM", ttlCapHours: 720 });
    expect(r.policy!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.policy!.ruleDescription).toContain("manager decides");
    expect(r.policy!.reasons.length).toBeGreaterThan(0);
    expect(r.sod).toEqual({ conflicts: [], notes: [] });
    expect(r.path.infoRequest).toBeNull();
    expect(r.path.stages).toEqual([
      expect.objectContaining({ position: 0, name: "Manager", status: "PENDING", quorum: 1, approvals: 0, sla: "ok", decisions: [], assignees: [expect.objectContaining({ status: "OPEN", approver: expect.objectContaining({ name: "Avery Approver" }) })] }),
    ]);
    expect(r.canDecide).toEqual({ allowed: true, reason: null, stage: { position: 0, name: "Manager", quorum: 1, approvals: 0 }, onBehalfOf: null, approveRefusal: null });

    // The requester reads her ticket elsewhere; an approver with no say sees nothing.
    await refusedWith(review("sofia.lindqvist", t.number), "NOT_FOUND");
    await refusedWith(review("avery.approver", 9_999_999), "NOT_FOUND");
    const admin = await review("adam.admin", formatRequestNumber(t.number));
    expect(admin.canDecide).toMatchObject({ allowed: false, reason: expect.stringContaining('stage "Manager" is assigned to Avery Approver') });

    // Avery approves with a shorter expiry; the review shows the decision and nobody may decide any more.
    const shorter = new Date(Date.now() + 3 * 86_400_000);
    await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "APPROVE", comment: "Fine for the migration.", expiresAt: shorter.toISOString() });
    const after = await review("avery.approver", t.number);
    expect(after.ticket.status).toBe("APPROVED");
    expect(after.ticket.expiresAt?.toISOString()).toBe(shorter.toISOString());
    expect(after.path.stages[0]).toMatchObject({ status: "APPROVED", approvals: 1, sla: "none" });
    expect(after.path.stages[0]!.decisions).toEqual([
      expect.objectContaining({ outcome: "APPROVE", comment: "Fine for the migration.", approver: expect.objectContaining({ name: "Avery Approver" }), onBehalfOf: null, shortenedExpiresAt: shorter, narrowedScope: null }),
    ]);
    expect(after.canDecide).toMatchObject({ allowed: false, reason: "This ticket is approved; it is not waiting for a decision." });
  });

  it("compares a grant of an entitlement already held with the held scope", async () => {
    // Riley holds orders-db:orders_read (seeded, ACTIVE); asking again changes nothing of the scope.
    const t = await submitAs("riley.requester", "orders-db:orders_read", { expiresInHours: 24 });
    const r = await review("avery.approver", t.number);
    expect(r.scope.base).toBe("held");
    expect(r.scope.changes).toEqual([]);
    expect(r.scope.current.map((g) => g.ref)).toContain("orders-db:orders_read");
    expect(r.history.previousGrants).toEqual(expect.arrayContaining([expect.objectContaining({ status: "ACTIVE", grantedAt: expect.any(Date) })]));
    expect(r.history.earlierTickets.length).toBeGreaterThan(0);
  });

  it("counts peers who asked for the same entitlement in the last 90 days", async () => {
    const t = await submitAs("riley.requester", "warehouse:raw_events_read", { expiresInHours: 48 });
    const r = await review("avery.approver", t.number);
    const e = await w.entitlement("warehouse:raw_events_read");
    const since = new Date(Date.now() - 90 * 86_400_000);
    const rows = await w.prisma.accessRequest.findMany({ where: { entitlementId: e.id, id: { not: t.id }, status: { not: "DRAFT" }, createdAt: { gte: since } }, select: { requesterId: true, status: true } });
    const p = r.history.peers;
    expect(p.windowDays).toBe(90);
    expect(p.tickets).toBe(rows.length);
    expect(p.people).toBe(new Set(rows.map((x) => x.requesterId)).size);
    expect(p.denied).toBe(rows.filter((x) => x.status === "DENIED").length);
    expect(p.approved + p.denied + p.pending + p.other).toBe(p.tickets);
    expect(p.tickets).toBeGreaterThan(0);
  });

  it("tells the requester and the subject why they may not decide", async () => {
    // Avery asks for herself: her own manager decides; Avery may read but not decide.
    const t = await submitAs("avery.approver", "servicedesk:queue_admin", { expiresInHours: 24 });
    const own = await review("avery.approver", t.number);
    expect(own.canDecide).toMatchObject({ allowed: false, reason: expect.stringMatching(/^Separation of duties: the requester/) });
    const manager = await review("priya.raman", t.number);
    expect(manager.canDecide.allowed).toBe(true);
  });
});

describe("a MODIFY for a non-human identity", () => {
  it("shows the identity's owners and compares the new scope with the grant's previous one", async () => {
    const nhi = await w.identity("svc-checkout-worker");
    const e = await w.entitlement("api-keys:orders_api_write");
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { identityId: nhi.id, entitlementId: e.id, status: "ACTIVE" }, select: { id: true, scope: true } });
    const held = grant.scope as Record<string, unknown>;
    const riley = await w.as("riley.requester");
    const t = await riley.requests.submit({
      kind: "MODIFY",
      grantId: grant.id,
      newScope: { ...held, scopes: ["orders:read"], rateLimitPerMinute: 100 },
      justification: WHY,
      expiresAt: inHours(24 * 30),
      idempotencyKey: key(),
    });
    expect(t.status).toBe("PENDING_APPROVAL");
    const r = await review("adam.admin", t.number);
    expect(r.subject.kind).toBe("NHI");
    expect(r.subject.person).toBeNull();
    expect(r.subject.nhi).toMatchObject({
      type: "SERVICE_ACCOUNT",
      owner: { name: "Riley Requester", active: true },
      backupOwner: { name: "Avery Approver", active: true },
      workload: "checkout-worker (prod-eu-1/checkout)",
      environment: "PRODUCTION",
      dependencies: ["orders-db", "api-keys", "notify-api"],
      rotationPeriodDays: expect.any(Number),
      lastRotatedAt: expect.any(Date),
    });
    expect(r.scope.base).toBe("previous");
    expect(r.scope.changes).toEqual([
      { kind: "element-removed", path: "scopes", element: "orders:write" },
      { kind: "changed", path: "rateLimitPerMinute", before: 300, after: 100 },
    ]);
    expect(r.scope.current.map((g) => g.ref)).toContain("api-keys:orders_api_write");
  });

  it("compares a rotation as unchanged access", async () => {
    const t = await seeded({ where: { kind: "ROTATE", status: "PENDING_APPROVAL" } });
    const r = await review("adam.admin", t.number);
    expect(r.scope).toMatchObject({ base: "rotate", changes: [] });
  });

  it("warns about an inactive owner", async () => {
    const nhi = await w.identity("svc-orders-api");
    await w.prisma.user.update({ where: { id: nhi.ownerId! }, data: { active: false } });
    try {
      const t = await seeded({ where: { status: "PENDING_APPROVAL", subject: { name: "svc-orders-api" } } });
      const r = await review("adam.admin", t.number);
      expect(r.subject.nhi!.owner).toMatchObject({ active: false });
      expect(r.subject.nhi!.warnings).toContain("The owner, Sofia Lindqvist, is no longer active.");
    } finally {
      await w.prisma.user.update({ where: { id: nhi.ownerId! }, data: { active: true } });
    }
  });

  it("notes to an NHI's owner that they may not be the only approver of its high-risk access", async () => {
    const t = await seeded({ where: { status: "PENDING_APPROVAL", subject: { name: "svc-orders-api" } } });
    const r = await review("sofia.lindqvist", t.number);
    expect(r.ticket.entitlementRef).toBe("api-keys:orders_api_write");
    expect(r.sod.notes).toEqual([expect.stringContaining("never lets an NHI's owners be its only approvers")]);
    // Someone who is no owner gets no such note.
    expect((await review("adam.admin", t.number)).sod.notes).toEqual([]);
  });
});

describe("separation of duties", () => {
  it("lets an NHI owner deny but not approve as the last of only owners", async () => {
    const nhi = await w.identity("svc-checkout-worker");
    const t = await submitAs("riley.requester", "api-keys:orders_api_write", { subjectId: nhi.id, expiresInHours: 24 * 30 });
    expect(t.status).toBe("PENDING_APPROVAL");
    const first = await w.prisma.approvalAssignment.findFirstOrThrow({ where: { requestId: t.id, status: "OPEN" }, select: { approver: { select: { id: true, email: true } } } });
    // The owner (Riley) asked, so the backup owner (Avery) decides the first stage.
    expect(first.approver.id).toBe(nhi.backupOwnerId);
    const backup = first.approver.email.split("@")[0]!;
    await decideStage(w.prisma, await viewer(backup), { number: t.number, outcome: "APPROVE" });
    // Suppose the resource owner's stage also fell to the backup owner.
    await w.prisma.approvalAssignment.updateMany({ where: { requestId: t.id, status: "OPEN" }, data: { approverId: nhi.backupOwnerId!, onBehalfOfId: null } });
    const r = await review(backup, t.number);
    expect(r.canDecide).toMatchObject({ allowed: true, approveRefusal: expect.stringMatching(/owners may not be the only approvers/) });
    expect(r.sod.notes).toEqual([expect.stringContaining("backup owner")]);
  });


  it("names the toxic pair a refused ticket would have completed", async () => {
    const t = await seeded({ where: { status: "DENIED", requester: { email: "emily.zhang@acme.example" }, entitlement: { key: "payments_approve" } } });
    const r = await review("adam.admin", t.number);
    expect(r.sod.conflicts).toEqual([
      expect.objectContaining({ ruleId: "sod-payments-maker-checker", held: "payments-api:payments_initiate", heldName: "Initiate payments", requested: "payments-api:payments_approve", heldTicket: expect.stringMatching(/^AR-\d{6}$/) }),
    ]);
    expect(r.policy).toMatchObject({ route: "REJECT", ruleId: "sod-toxic-pair" });
    expect(r.canDecide).toMatchObject({ allowed: false, reason: "This ticket is denied; it is not waiting for a decision." });
  });

  it("finds a conflict completed after submit by access granted elsewhere", async () => {
    const pending = await submitAs("riley.requester", "merchant-portal:refund_operator", { expiresInHours: 24 });
    expect(pending.status).toBe("PENDING_APPROVAL");
    // The other half of the pair arrives through another ticket (here written directly).
    const me = await w.person("riley.requester");
    const other = await w.entitlement("payments-api:refunds_approve");
    await w.prisma.grant.create({
      data: { requestId: (await seeded({ where: { requesterId: me.id, status: "ACTIVE" } })).id, identityId: me.identity!.id, entitlementId: other.id, type: "ENTITLEMENT", status: "ACTIVE", connectorType: "WEBHOOK", scope: {}, grantedAt: new Date() },
    });
    const r = await review("avery.approver", pending.number);
    expect(r.sod.conflicts).toEqual([expect.objectContaining({ ruleId: "sod-refunds", held: "payments-api:refunds_approve", requested: "merchant-portal:refund_operator" })]);
  });
});

describe("the approval path", () => {
  it("shows a partial quorum, and who may still count toward it", async () => {
    const stage = await w.prisma.approvalStage.findFirstOrThrow({
      where: { status: "PENDING", quorum: 2, decisions: { some: { outcome: "APPROVE" } }, request: { status: "PENDING_APPROVAL" } },
      select: { request: { select: { number: true } }, decisions: { select: { approver: { select: { email: true } } } }, assignments: { where: { status: "OPEN" }, select: { approver: { select: { email: true } } } } },
    });
    const decided = stage.decisions[0]!.approver.email.split("@")[0]!;
    const r = await review(decided, stage.request.number);
    const pending = r.path.stages.find((s) => s.status === "PENDING")!;
    expect(pending).toMatchObject({ quorum: 2, approvals: 1 });
    expect(pending.decisions).toEqual([expect.objectContaining({ outcome: "APPROVE", approver: expect.objectContaining({ email: `${decided}@acme.example` }) })]);
    expect(r.canDecide).toMatchObject({ allowed: false, reason: "You have already decided this stage; each approver counts once.", stage: { quorum: 2, approvals: 1 } });
    const next = stage.assignments[0]!.approver.email.split("@")[0]!;
    expect((await review(next, stage.request.number)).canDecide).toMatchObject({ allowed: true, stage: { quorum: 2, approvals: 1 } });
    // The next approver's inbox counts the approval already given too.
    const inbox = await listInbox(w.prisma, await viewer(next), { filters: { q: formatRequestNumber(stage.request.number) } });
    expect(inbox.items.find((row) => row.number === stage.request.number)?.stage).toMatchObject({ quorum: 2, approvals: 1 });
  });

  it("shows the open question while the ticket waits for the requester", async () => {
    const t = await seeded({ where: { status: "PENDING_APPROVAL", requester: { email: "riley.requester@acme.example" }, entitlement: { key: "orders_write" }, stages: { some: { status: "INFO_REQUESTED" } } } });
    const r = await review("adam.admin", t.number);
    expect(r.path.infoRequest).toMatchObject({ question: expect.any(String), askedBy: { name: expect.any(String) } });
    expect(r.path.infoRequest!.question.length).toBeGreaterThan(5);
    // A seeded ticket recorded its TTL cap only in the words of its reason.
    expect(r.policy!.ttlCapHours).toBe(168);
  });

  it("says who asked a new question and lets nobody decide until the answer", async () => {
    const t = await submitAs("riley.requester", "servicedesk:queue_admin", { expiresInHours: 24 });
    await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "REQUEST_INFO", comment: "Which queues do you need?" });
    const r = await review("avery.approver", t.number);
    expect(r.path.infoRequest).toMatchObject({ stage: "Manager", question: "Which queues do you need?", askedBy: { name: "Avery Approver" }, onBehalfOf: null, askedAt: expect.any(Date) });
    expect(r.path.stages[0]!.status).toBe("INFO_REQUESTED");
    expect(r.canDecide).toMatchObject({ allowed: false, reason: expect.stringContaining("Waiting for Riley Requester to answer Avery Approver's question") });
  });

  it("lets a live delegate review and decide on the approver's behalf, and not after the delegation ends", async () => {
    const t = await submitAs("riley.requester", "servicedesk:queue_admin", { expiresInHours: 24 });
    const avery = await viewer("avery.approver");
    const grace = await viewer("grace.liu");
    await refusedWith(review("grace.liu", t.number), "NOT_FOUND");
    const delegation = await w.prisma.delegation.create({
      data: { delegatorId: avery.id, delegateId: grace.id, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 3_600_000), reason: "Review test" },
    });
    try {
      const r = await review("grace.liu", t.number);
      expect(r.canDecide).toMatchObject({ allowed: true, onBehalfOf: { name: "Avery Approver" } });
      await w.prisma.delegation.update({ where: { id: delegation.id }, data: { endsAt: new Date(Date.now() - 60_000) } });
      await refusedWith(review("grace.liu", t.number), "NOT_FOUND");
    } finally {
      await w.prisma.delegation.delete({ where: { id: delegation.id } });
    }
  });

  it("two approvers complete a quorum of two; the first cannot count twice", async () => {
    const t = await submitAs("riley.requester", "staging-db:staging_owner", { expiresInHours: 4 });
    const first = await review("avery.approver", t.number);
    expect(first.policy).toMatchObject({ workflow: { key: "security-review" } });
    expect(first.path.stages.map((s) => [s.name, s.quorum])).toEqual([["Resource owner", 1], ["Security review", 2]]);
    await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "APPROVE" });
    const adam = await viewer("adam.admin");
    await decideStage(w.prisma, adam, { number: t.number, outcome: "APPROVE", comment: "One of two." });
    const half = await review("adam.admin", t.number);
    expect(half.ticket.status).toBe("PENDING_APPROVAL");
    expect(half.path.stages[1]).toMatchObject({ status: "PENDING", approvals: 1, quorum: 2 });
    expect(half.canDecide).toMatchObject({ allowed: false, reason: "You have already decided this stage; each approver counts once." });
    await refusedWith(decideStage(w.prisma, adam, { number: t.number, outcome: "APPROVE" }), "CONFLICT");
    const victor = await review("victor.almeida", t.number);
    expect(victor.canDecide).toMatchObject({ allowed: true, stage: { name: "Security review", approvals: 1, quorum: 2 } });
    await decideStage(w.prisma, await viewer("victor.almeida"), { number: t.number, outcome: "APPROVE" });
    const done = await review("victor.almeida", t.number);
    expect(done.ticket.status).toBe("APPROVED");
    expect(done.path.stages[1]).toMatchObject({ status: "APPROVED", approvals: 2 });
    expect(done.path.stages[1]!.assignees.filter((a) => a.status === "OPEN")).toEqual([]);
  });

  it("records a narrowed scope on the decision and in the approved scope", async () => {
    const t = await submitAs("riley.requester", "servicedesk:queue_admin", { expiresInHours: 24 });
    const before = await review("avery.approver", t.number);
    const narrowed = { ...(before.ticket.scope as Record<string, unknown>), queues: ["billing"] };
    await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "APPROVE", scope: narrowed });
    const r = await review("avery.approver", t.number);
    expect(r.ticket.approvedScope).toMatchObject({ queues: ["billing"] });
    expect(r.path.stages[0]!.decisions[0]!.narrowedScope).toMatchObject({ queues: ["billing"] });
  });
});
