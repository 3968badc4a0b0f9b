import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { decideStage } from "@/server/domain/workflow/decide";
import { SLA_SWEEP_JOB, sweepSla, sweepTicket } from "@/server/domain/workflow/sla";
import { defaultHandlers, RECURRING_JOBS } from "@/server/jobs/handlers";
import { createJobRunner } from "@/server/jobs/runner";
import { onPostgres } from "@/tests/helpers/test-db";
import { key, seededWorld, WHY, type World } from "./requests-world";

/**
 * SLA work on the seeded organisation with a clock the test moves: reminders, escalation,
 * expiry undecided, and a sweep racing a decision. Tickets are submitted here by Riley, so the
 * assertions never depend on what other tests do to the seeded tickets.
 */
let w: World;
const HOUR = 3_600_000;
const minute = 60_000;
const at = (d: Date, ms: number) => new Date(d.getTime() + ms);
let firstSweep: Awaited<ReturnType<typeof sweepSla>>;
let firstSweepMs = 0;
let firstSweepAt: Date;
let beforeFirstSweep: { pending: number; expirable: number };

beforeAll(async () => {
  w = await seededWorld();
  // The demo seed is dated from the start of the UTC day, so the first sweep of a portal runs up
  // to a day after the seed's "now": sweep 12 hours after it.
  const pending = await w.prisma.accessRequest.findMany({ where: { status: "PENDING_APPROVAL" }, select: { submittedAt: true } });
  firstSweepAt = new Date(Date.now() + 12 * HOUR);
  beforeFirstSweep = {
    pending: pending.length,
    expirable: pending.filter((t) => t.submittedAt && t.submittedAt.getTime() + 168 * HOUR <= firstSweepAt.getTime()).length,
  };
  const started = performance.now();
  firstSweep = await sweepSla(w.prisma, firstSweepAt);
  firstSweepMs = performance.now() - started;
});

afterAll(async () => {
  await w?.db.drop();
});

async function viewer(local: string) {
  return w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, roles: true } });
}

async function submit(ref: string) {
  const riley = await w.as("riley.requester");
  const me = await w.person("riley.requester");
  const e = await w.entitlement(ref);
  const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key() });
  expect(t.status).toBe("PENDING_APPROVAL");
  const stage = await w.prisma.approvalStage.findFirstOrThrow({
    where: { requestId: t.id, status: "PENDING" },
    select: { id: true, name: true, dueAt: true, slaHours: true, escalationTarget: true },
  });
  const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { submittedAt: true, requesterId: true } });
  return { ...t, stage, submittedAt: ticket.submittedAt!, requesterId: ticket.requesterId };
}

const sweepOne = (requestId: string, now: Date) => w.prisma.$transaction((tx) => sweepTicket(tx, requestId, now));

const stageOf = (id: string) => w.prisma.approvalStage.findUniqueOrThrow({ where: { id }, select: { status: true, remindedAt: true, escalatedAt: true } });

async function events(requestId: string, action: string) {
  return w.prisma.auditEvent.findMany({ where: { requestId, action }, orderBy: { seq: "asc" }, select: { actorType: true, entityId: true, data: true } });
}

async function notes(requestId: string, kind: string) {
  return w.prisma.notification.findMany({ where: { requestId, kind }, select: { userId: true, title: true, body: true } });
}

async function openAssignees(stageId: string) {
  const rows = await w.prisma.approvalAssignment.findMany({ where: { stageId, status: "OPEN" }, select: { approverId: true } });
  return rows.map((r) => r.approverId).sort();
}

describe("the first sweep on the seeded organisation", () => {
  it("expires only tickets older than the limit and touches no stage twice", async () => {
    console.log(
      `First SLA sweep on the seed: ${firstSweepMs.toFixed(0)} ms for ${beforeFirstSweep.pending} pending tickets -> ${JSON.stringify(firstSweep)}`,
    );
    expect(firstSweep.failed).toBe(0);
    expect(firstSweep.expired).toBe(beforeFirstSweep.expirable);
    // The seed already reminded and escalated its old stages: none of those is done again.
    const doubled = await w.prisma.auditEvent.groupBy({
      by: ["entityId", "action"],
      where: { action: { in: ["approval.reminder_sent", "approval.escalated"] } },
      _count: true,
      having: { entityId: { _count: { gt: 1 } } },
    });
    expect(doubled).toEqual([]);
    // Whatever is still pending is within the limit and has no reminder or escalation left to do.
    const again = await sweepSla(w.prisma, firstSweepAt);
    expect(again).toEqual({ tickets: 0, reminded: 0, escalated: 0, expired: 0, failed: 0 });
    const stillPending = await w.prisma.accessRequest.count({ where: { status: "PENDING_APPROVAL" } });
    expect(stillPending).toBe(beforeFirstSweep.pending - firstSweep.expired);
    expect(firstSweepMs).toBeLessThan(30_000);
  });
});

describe("reminders", () => {
  it("reminds each open approver once, when the stage passes its due time", async () => {
    const t = await submit("servicedesk:agent");
    const approvers = await openAssignees(t.stage.id);
    expect(approvers.length).toBeGreaterThan(0);

    await sweepOne(t.id, at(t.stage.dueAt!, -minute));
    expect((await stageOf(t.stage.id)).remindedAt).toBeNull();

    const due = at(t.stage.dueAt!, minute);
    expect(await sweepOne(t.id, due)).toEqual({ reminded: 1, escalated: 0, expired: 0 });
    expect(await stageOf(t.stage.id)).toMatchObject({ status: "PENDING", remindedAt: due });
    const sent = await notes(t.id, "approval.reminder");
    expect(sent.map((n) => n.userId).sort()).toEqual(approvers);
    expect(sent[0]!.title).toMatch(new RegExp(`Reminder: AR-0*${t.number} waits for your decision`));
    expect(sent[0]!.body).toMatch(/was due \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await events(t.id, "approval.reminder_sent")).toEqual([
      { actorType: "SYSTEM", entityId: t.stage.id, data: expect.objectContaining({ stage: t.stage.name, notified: approvers }) },
    ]);

    // Idempotent: a later sweep (or the same one retried) sends nothing more.
    expect(await sweepOne(t.id, at(due, 10 * minute))).toEqual({ reminded: 0, escalated: 0, expired: 0 });
    expect(await notes(t.id, "approval.reminder")).toHaveLength(approvers.length);
  });

  it("runs as the sla.sweep job on the runner's clock", async () => {
    const t = await submit("servicedesk:agent");
    const now = at(t.stage.dueAt!, minute);
    // Only the sweep: the tickets submitted above also queued fulfilment jobs, which are not this test's.
    const handlers = { [SLA_SWEEP_JOB]: defaultHandlers(() => undefined)[SLA_SWEEP_JOB]! };
    const recurring = RECURRING_JOBS.filter((r) => r.type === SLA_SWEEP_JOB);
    const runner = createJobRunner({ db: w.prisma, handlers, recurring, clock: () => now, log: () => undefined });
    const tick = await runner.tick();
    expect(tick).toMatchObject({ scheduled: 1, succeeded: 1, retried: 0 });
    expect((await stageOf(t.stage.id)).remindedAt).toEqual(now);
    const job = await w.prisma.job.findFirstOrThrow({ where: { type: "sla.sweep" }, orderBy: { createdAt: "desc" }, select: { dedupeKey: true, status: true } });
    expect(job).toEqual({ dedupeKey: `sla.sweep@${new Date(Math.floor(now.getTime() / minute) * minute).toISOString()}`, status: "SUCCEEDED" });
    // Same minute: no second sweep.
    expect(await runner.tick()).toMatchObject({ scheduled: 0, succeeded: 0 });
  });
});

describe("escalation", () => {
  it("assigns and notifies the escalation target a second SLA period after the due time", async () => {
    const t = await submit("servicedesk:agent");
    const target = (await w.person("victor.almeida")).id;
    await w.prisma.approvalStage.update({ where: { id: t.stage.id }, data: { escalationTarget: target } });
    const before = await openAssignees(t.stage.id);
    expect(before).not.toContain(target);

    // One period late: a reminder, no escalation yet.
    expect(await sweepOne(t.id, at(t.stage.dueAt!, t.stage.slaHours * HOUR - minute))).toEqual({ reminded: 1, escalated: 0, expired: 0 });
    const late = at(t.stage.dueAt!, t.stage.slaHours * HOUR);
    expect(await sweepOne(t.id, late)).toEqual({ reminded: 0, escalated: 1, expired: 0 });
    expect(await stageOf(t.stage.id)).toMatchObject({ status: "PENDING", escalatedAt: late });
    expect(await openAssignees(t.stage.id)).toEqual([...before, target].sort());
    const told = await notes(t.id, "approval.escalated");
    expect(told).toEqual([expect.objectContaining({ userId: target, title: expect.stringMatching(/^Escalated to you: AR-/) })]);
    expect(await events(t.id, "approval.escalated")).toEqual([
      { actorType: "SYSTEM", entityId: t.stage.id, data: expect.objectContaining({ to: target, outcome: "assigned" }) },
    ]);
    expect(await sweepOne(t.id, at(late, HOUR))).toEqual({ reminded: 0, escalated: 0, expired: 0 });

    // The target can now decide the stage.
    const result = await decideStage(w.prisma, await viewer("victor.almeida"), { number: t.number, outcome: "APPROVE" });
    expect(result.status).toBe("APPROVED");
  });

  it("hands the escalation to the target's delegate while the target is away", async () => {
    const t = await submit("servicedesk:agent");
    const target = (await w.person("victor.almeida")).id;
    const delegate = (await w.person("adam.admin")).id;
    expect(await openAssignees(t.stage.id)).not.toContain(delegate);
    await w.prisma.approvalStage.update({ where: { id: t.stage.id }, data: { escalationTarget: target } });
    const away = await w.prisma.delegation.create({
      data: { delegatorId: target, delegateId: delegate, startsAt: new Date(Date.now() - HOUR), endsAt: at(t.stage.dueAt!, 30 * 24 * HOUR), reason: "Holiday" },
    });
    try {
      expect((await sweepOne(t.id, at(t.stage.dueAt!, t.stage.slaHours * HOUR + minute))).escalated).toBe(1);
      const given = await w.prisma.approvalAssignment.findFirstOrThrow({ where: { stageId: t.stage.id, approverId: delegate }, select: { status: true, onBehalfOfId: true } });
      expect(given).toEqual({ status: "OPEN", onBehalfOfId: target });
      expect(await w.prisma.approvalAssignment.count({ where: { stageId: t.stage.id, approverId: target } })).toBe(0);
      expect((await notes(t.id, "approval.escalated")).map((n) => n.userId)).toEqual([delegate]);
      expect((await events(t.id, "approval.escalated"))[0]!.data).toMatchObject({ to: target, assignee: delegate, onBehalfOfId: target, outcome: "assigned" });
    } finally {
      await w.prisma.delegation.delete({ where: { id: away.id } });
    }
  });

  it("never assigns the requester, and records the escalation without a new approver", async () => {
    const t = await submit("servicedesk:agent");
    await w.prisma.approvalStage.update({ where: { id: t.stage.id }, data: { escalationTarget: t.requesterId } });
    const before = await openAssignees(t.stage.id);
    expect(await sweepOne(t.id, at(t.stage.dueAt!, t.stage.slaHours * HOUR + minute))).toEqual({ reminded: 1, escalated: 1, expired: 0 });
    expect(await openAssignees(t.stage.id)).toEqual(before);
    expect(await notes(t.id, "approval.escalated")).toEqual([]);
    expect((await events(t.id, "approval.escalated"))[0]!.data).toMatchObject({ outcome: "target-is-requester" });
  });

  it("does nothing for a stage without an escalation target", async () => {
    const t = await submit("servicedesk:agent");
    await w.prisma.approvalStage.update({ where: { id: t.stage.id }, data: { escalationTarget: null } });
    expect(await sweepOne(t.id, at(t.stage.dueAt!, 3 * t.stage.slaHours * HOUR))).toEqual({ reminded: 1, escalated: 0, expired: 0 });
    expect((await stageOf(t.stage.id)).escalatedAt).toBeNull();
  });
});

describe("expiry undecided", () => {
  it("closes a ticket still undecided after the policy's limit", async () => {
    const t = await submit("servicedesk:agent");
    const approvers = await openAssignees(t.stage.id);
    const limit = at(t.submittedAt, 168 * HOUR);
    expect((await sweepOne(t.id, at(limit, -minute))).expired).toBe(0);
    expect(await sweepOne(t.id, limit)).toEqual({ reminded: 0, escalated: 0, expired: 1 });
    const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, decidedAt: true, closedAt: true, currentStage: true } });
    expect(ticket).toEqual({ status: "EXPIRED_UNDECIDED", decidedAt: limit, closedAt: limit, currentStage: null });
    const stages = await w.prisma.approvalStage.findMany({ where: { requestId: t.id }, select: { status: true } });
    expect(stages.every((s) => s.status === "SKIPPED")).toBe(true);
    expect(await openAssignees(t.stage.id)).toEqual([]);
    const withdrawn = await w.prisma.approvalAssignment.findMany({ where: { requestId: t.id, status: "WITHDRAWN" }, select: { approverId: true } });
    expect(withdrawn.map((a) => a.approverId)).toEqual(expect.arrayContaining(approvers));
    expect(await events(t.id, "request.expired_undecided")).toEqual([
      { actorType: "SYSTEM", entityId: t.id, data: expect.objectContaining({ number: t.number, afterHours: 168 }) },
    ]);
    expect(await notes(t.id, "request.expired_undecided")).toEqual([
      expect.objectContaining({ userId: t.requesterId, title: expect.stringMatching(/^Request expired undecided: AR-/), body: expect.stringMatching(/within 168 hours/) }),
    ]);
    // Closed: no reminder, no second expiry, and no decision any more.
    expect(await sweepOne(t.id, at(limit, HOUR))).toEqual({ reminded: 0, escalated: 0, expired: 0 });
    const refused = await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "APPROVE" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("CONFLICT");
  });

  it("follows the pinned policy version's undecidedExpiryHours", async () => {
    const t = await submit("servicedesk:agent");
    const pinned = await w.prisma.accessRequest.findUniqueOrThrow({
      where: { id: t.id },
      select: { policyVersion: { select: { document: true, contentHash: true, publishedById: true } } },
    });
    const document = pinned.policyVersion!.document as { approvals: Record<string, unknown> };
    // Versions are immutable: pin the ticket to another one with a 48-hour limit. Its negative
    // number keeps it from ever being the current version for the other tests.
    const shorter = await w.prisma.policyVersion.create({
      data: {
        version: -1,
        contentHash: pinned.policyVersion!.contentHash,
        publishedById: pinned.policyVersion!.publishedById,
        document: { ...document, approvals: { ...document.approvals, undecidedExpiryHours: 48 } },
      },
    });
    await w.prisma.accessRequest.update({ where: { id: t.id }, data: { policyVersionId: shorter.id } });
    expect((await sweepOne(t.id, at(t.submittedAt, 47 * HOUR))).expired).toBe(0);
    // The candidate query applies the same limit as the per-ticket check.
    const swept = await sweepSla(w.prisma, at(t.submittedAt, 48 * HOUR + minute));
    expect(swept.failed).toBe(0);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true } })).status).toBe("EXPIRED_UNDECIDED");
    expect((await events(t.id, "request.expired_undecided"))[0]!.data).toMatchObject({ afterHours: 48 });
  });
});

describe("a sweep racing a decision", () => {
  it.skipIf(!onPostgres)("ends each ticket either approved or expired, never both", async () => {
    const avery = await viewer("avery.approver");
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const t = await submit("servicedesk:agent");
      const limit = at(t.submittedAt, 168 * HOUR + minute);
      const [swept, decided] = await Promise.allSettled([sweepOne(t.id, limit), decideStage(w.prisma, avery, { number: t.number, outcome: "APPROVE" })]);
      expect(swept.status).toBe("fulfilled");
      const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true } });
      const approved = await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "request.approved" } });
      const expired = await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "request.expired_undecided" } });
      const decisions = await w.prisma.approvalDecision.count({ where: { requestId: t.id } });
      if (ticket.status === "APPROVED") {
        expect(decided.status).toBe("fulfilled");
        expect({ approved, expired, decisions }).toEqual({ approved: 1, expired: 0, decisions: 1 });
      } else {
        expect(ticket.status).toBe("EXPIRED_UNDECIDED");
        expect(decided.status).toBe("rejected");
        expect((decided as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
        expect({ approved, expired, decisions }).toEqual({ approved: 0, expired: 1, decisions: 0 });
      }
      outcomes.push(ticket.status);
    }
    console.log(`Sweep vs decision outcomes: ${outcomes.join(", ")}`);
  });
});
