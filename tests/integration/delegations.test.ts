import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInbox } from "@/server/domain/approvals/inbox";
import { delegateCandidates } from "@/server/domain/delegations/candidates";
import { createDelegation, type DelegationActor } from "@/server/domain/delegations/create";
import { endDelegation } from "@/server/domain/delegations/end";
import { listDelegations } from "@/server/domain/delegations/list";
import { startOfUtcDay } from "@/server/domain/delegations/period";
import { AppError } from "@/server/domain/errors";
import { publishDocument } from "@/server/domain/policy-admin/publish";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import type { Role } from "@/server/auth/roles";
import { createUser } from "@/tests/helpers/api-fixtures";
import { onPostgres } from "@/tests/helpers/test-db";
import { seededWorld, type World } from "./requests-world";

/** Approvers naming a delegate while away: every refusal, the race, the record, and the effect on the inbox. */
let w: World;
const now = new Date();
const DAY = 86_400_000;

/** The calendar day `offset` days from today, as the form sends it. */
function day(offset: number): string {
  return new Date(startOfUtcDay(now).getTime() + offset * DAY).toISOString().slice(0, 10);
}

async function approver(name: string, roles: Role[] = ["APPROVER"], active = true): Promise<DelegationActor> {
  const user = await createUser(w.prisma, { name, roles, active });
  return { id: user.id, name: user.name, roles: user.roles };
}

async function persona(local: string): Promise<DelegationActor> {
  return w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, name: true, roles: true } });
}

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeInstanceOf(AppError);
  return error as AppError;
}

async function expectRefused(call: Promise<unknown>, code: AppError["code"], field: string | undefined, message: RegExp) {
  const error = await refusal(call);
  expect(error.code).toBe(code);
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
}

beforeAll(async () => {
  w = await seededWorld();
}, 180_000);

afterAll(async () => {
  await w?.db.drop();
});

describe("creating a delegation", () => {
  it("records the delegation, its audit event and the delegate's notification in one go", async () => {
    const [me, them] = [await approver("Dora Delegator"), await approver("Dan Delegate")];
    const created = await createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(0), endsOn: day(2), reason: "Conference" }, now);
    expect(created).toMatchObject({ status: "active", reason: "Conference", delegator: { id: me.id }, delegate: { id: them.id } });
    expect(created.startsAt.toISOString()).toBe(`${day(0)}T00:00:00.000Z`);
    expect(created.endsAt.toISOString()).toBe(`${day(3)}T00:00:00.000Z`);

    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { action: "delegation.created", entityId: created.id } });
    expect(event).toMatchObject({ actorType: "USER", actorId: me.id, entityType: "Delegation" });
    expect(event.data).toMatchObject({ delegatorId: me.id, delegateId: them.id, days: 3, reason: "Conference" });
    const notes = await w.prisma.notification.findMany({ where: { userId: them.id }, select: { kind: true, title: true, body: true } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "delegation.started", title: "Dora Delegator delegated approvals to you" });
    expect(notes[0]!.body).toContain("Conference");

    const mine = await listDelegations(w.prisma, me, now);
    expect(mine.current?.id).toBe(created.id);
    expect(mine.given.map((d) => d.id)).toEqual([created.id]);
    const theirs = await listDelegations(w.prisma, them, now);
    expect(theirs.received.map((d) => [d.id, d.status])).toEqual([[created.id, "active"]]);
    expect(theirs.covering.map((d) => d.id)).toEqual([created.id]);
    expect(theirs.current).toBeNull();
  });

  it("refuses a delegate who is the actor, missing, inactive or not an approver, naming delegateId", async () => {
    const me = await approver("Sam Self");
    const gone = await approver("Ina Inactive", ["APPROVER"], false);
    const requester = await approver("Rita Requester", ["REQUESTER"]);
    const admin = await approver("Alex Admin", ["ADMIN"]);
    const period = { startsOn: day(1), endsOn: day(2) };
    await expectRefused(createDelegation(w.prisma, me, { delegateId: me.id, ...period }, now), "BAD_REQUEST", "delegateId", /cannot delegate to yourself/);
    await expectRefused(createDelegation(w.prisma, me, { delegateId: "00000000-0000-4000-8000-00000000dead", ...period }, now), "BAD_REQUEST", "delegateId", /does not exist/);
    await expectRefused(createDelegation(w.prisma, me, { delegateId: gone.id, ...period }, now), "BAD_REQUEST", "delegateId", /Ina Inactive is not an active user/);
    await expectRefused(createDelegation(w.prisma, me, { delegateId: requester.id, ...period }, now), "BAD_REQUEST", "delegateId", /needs? the APPROVER or ADMIN role/);
    // An admin may decide, so an admin may stand in.
    await expect(createDelegation(w.prisma, me, { delegateId: admin.id, ...period }, now)).resolves.toMatchObject({ status: "upcoming" });
  });

  it("refuses a start in the past, an end before the start, and a period longer than the policy allows", async () => {
    const [me, them] = [await approver("Pat Period"), await approver("Quinn Cover")];
    const { version, document } = await getCurrentPolicy(w.prisma);
    const max = document.approvals.maxDelegationDays;
    await expectRefused(createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(-1), endsOn: day(2) }, now), "BAD_REQUEST", "startsOn", /Start date cannot be in the past/);
    await expectRefused(createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(3), endsOn: day(2) }, now), "BAD_REQUEST", "endsOn", /End date must be on or after the start date/);
    await expectRefused(
      createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(1), endsOn: day(max + 1) }, now),
      "BAD_REQUEST",
      "endsOn",
      new RegExp(`${max + 1} days long; policy v${version} allows at most ${max} days`),
    );
    // The longest allowed period, starting today, is accepted: one day, both ends included.
    await expect(createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(0), endsOn: day(max - 1) }, now)).resolves.toMatchObject({ status: "active" });
    expect(await w.prisma.delegation.count({ where: { delegatorId: me.id } })).toBe(1);
  });

  it("allows one delegate at a time: an overlapping period is refused, an adjacent one is fine", async () => {
    const [me, first, second] = [await approver("Olive Overlap"), await approver("Fay First"), await approver("Sid Second")];
    await createDelegation(w.prisma, me, { delegateId: first.id, startsOn: day(1), endsOn: day(3) }, now);
    await expectRefused(
      createDelegation(w.prisma, me, { delegateId: second.id, startsOn: day(3), endsOn: day(5) }, now),
      "CONFLICT",
      "startsOn",
      /overlap your delegation to Fay First/,
    );
    await expect(createDelegation(w.prisma, me, { delegateId: second.id, startsOn: day(4), endsOn: day(5) }, now)).resolves.toMatchObject({ status: "upcoming" });
  });

  it("refuses a chain: the delegate is away delegating in the same period", async () => {
    const [me, away, third] = [await approver("Chad Chain"), await approver("Ada Away"), await approver("Ted Third")];
    await createDelegation(w.prisma, away, { delegateId: third.id, startsOn: day(2), endsOn: day(4) }, now);
    await expectRefused(
      createDelegation(w.prisma, me, { delegateId: away.id, startsOn: day(0), endsOn: day(2) }, now),
      "CONFLICT",
      "delegateId",
      /Ada Away is away themselves .*delegating to Ted Third.*do not chain/,
    );
    // Before she leaves she can cover.
    await expect(createDelegation(w.prisma, me, { delegateId: away.id, startsOn: day(0), endsOn: day(1) }, now)).resolves.toMatchObject({ status: "active" });
  });

  it(`lets only one of two overlapping creates succeed when they race${onPostgres ? " (PostgreSQL)" : ""}`, async () => {
    const me = await approver("Rae Race");
    const delegates = await Promise.all([approver("Uma One"), approver("Vic Two"), approver("Wes Three"), approver("Xan Four")]);
    const results = await Promise.allSettled(
      delegates.map((d, i) => createDelegation(w.prisma, me, { delegateId: d.id, startsOn: day(1 + (i % 2)), endsOn: day(5) }, now)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).code).toBe("CONFLICT");
    }
    expect(await w.prisma.delegation.count({ where: { delegatorId: me.id } })).toBe(1);
    expect(await w.prisma.auditEvent.count({ where: { action: "delegation.created", actorId: me.id } })).toBe(1);
  });
});

describe("ending a delegation", () => {
  it("ends a running one now and cancels an upcoming one at its start, with audit and notification", async () => {
    const [me, them] = [await approver("Eve Ender"), await approver("Ray Receiver")];
    const running = await createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(0), endsOn: day(2) }, now);
    const later = await createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(5), endsOn: day(6) }, now);
    const ended = await endDelegation(w.prisma, me, { id: running.id }, now);
    expect(ended).toMatchObject({ status: "ended" });
    expect(ended.endsAt.getTime()).toBe(now.getTime());
    const cancelled = await endDelegation(w.prisma, me, { id: later.id }, now);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.endsAt.getTime()).toBe(later.startsAt.getTime());

    const events = await w.prisma.auditEvent.findMany({ where: { action: "delegation.ended", actorId: me.id }, orderBy: { seq: "asc" }, select: { entityId: true, data: true } });
    expect(events.map((e) => [e.entityId, (e.data as { from: string }).from])).toEqual([[running.id, "active"], [later.id, "upcoming"]]);
    expect(await w.prisma.notification.count({ where: { userId: them.id } })).toBe(4);

    await expectRefused(endDelegation(w.prisma, me, { id: running.id }, now), "PRECONDITION_FAILED", "id", /already ended/);
    // Cancelled plans block nothing: the same days can be delegated again.
    await expect(createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(5), endsOn: day(6) }, now)).resolves.toMatchObject({ status: "upcoming" });
  });

  it("lets only the delegator or an admin end it; anyone else is told it does not exist", async () => {
    const [me, them, stranger] = [await approver("Gil Giver"), await approver("Hal Holder"), await approver("Ivo Intruder")];
    const admin = await approver("Ann Admin", ["ADMIN", "APPROVER"]);
    const d = await createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(1), endsOn: day(2) }, now);
    await expectRefused(endDelegation(w.prisma, stranger, { id: d.id }, now), "NOT_FOUND", "id", /No delegation/);
    await expectRefused(endDelegation(w.prisma, them, { id: d.id }, now), "NOT_FOUND", "id", /No delegation/);
    await expect(endDelegation(w.prisma, admin, { id: d.id }, now)).resolves.toMatchObject({ status: "cancelled" });
    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { action: "delegation.ended", entityId: d.id } });
    expect(event.actorId).toBe(admin.id);
    expect(event.data).toMatchObject({ byAdmin: true, delegatorId: me.id });
  });
});

describe("delegate picker", () => {
  it("offers active approvers and admins other than the actor, searchable", async () => {
    const avery = await persona("avery.approver");
    const all = await delegateCandidates(w.prisma, avery, {});
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((c) => c.id)).not.toContain(avery.id);
    const roles = await w.prisma.user.findMany({ where: { id: { in: all.map((c) => c.id) } }, select: { active: true, roles: true } });
    expect(roles.every((u) => u.active && (u.roles.includes("APPROVER") || u.roles.includes("ADMIN")))).toBe(true);
    const found = await delegateCandidates(w.prisma, avery, { q: "adam" });
    expect(found.map((c) => c.email)).toEqual(["adam.admin@acme.example"]);
    expect(await delegateCandidates(w.prisma, avery, { q: "riley" })).toEqual([]);
  });
});

describe("delegation in effect", () => {
  it("puts the tickets waiting on Avery into the delegate's inbox, on Avery's behalf", async () => {
    const avery = await persona("avery.approver");
    const helen = await persona("helen.carter");
    const waiting = await w.prisma.approvalAssignment.findMany({
      where: { approverId: avery.id, status: "OPEN", stage: { status: "PENDING" }, request: { status: "PENDING_APPROVAL", requesterId: { not: helen.id } } },
      select: { request: { select: { number: true } } },
    });
    expect(waiting.length).toBeGreaterThan(0);
    const before = await listInbox(w.prisma, helen, { pageSize: 100 }, now);
    expect(before.items.some((r) => r.onBehalfOf === avery.name)).toBe(false);

    const d = await createDelegation(w.prisma, avery, { delegateId: helen.id, startsOn: day(0), endsOn: day(1), reason: "Off-site" }, now);
    const during = await listInbox(w.prisma, helen, { pageSize: 100 }, now);
    const onBehalf = during.items.filter((r) => r.onBehalfOf === avery.name).map((r) => r.number).sort((a, b) => a - b);
    expect(onBehalf).toEqual(waiting.map((a) => a.request.number).sort((a, b) => a - b));

    await endDelegation(w.prisma, avery, { id: d.id }, now);
    const after = await listInbox(w.prisma, helen, { pageSize: 100 }, new Date(now.getTime() + 1000));
    expect(after.items.some((r) => r.onBehalfOf === avery.name)).toBe(false);
  });
});

describe("policy switch", () => {
  // Last: it publishes a policy version with delegation switched off.
  it("refuses every new delegation while the policy switches delegation off", async () => {
    const [me, them] = [await approver("Nora Nopolicy"), await approver("Otto Other")];
    const current = await getCurrentPolicy(w.prisma);
    const admin = await persona("adam.admin");
    const document = { ...current.document, approvals: { ...current.document.approvals, delegationAllowed: false } };
    const published = await publishDocument(w.prisma, {
      actorId: admin.id,
      stored: JSON.parse(JSON.stringify(document)),
      document,
      note: "Delegation off for the test",
      action: "policy.published",
    });
    await expectRefused(
      createDelegation(w.prisma, me, { delegateId: them.id, startsOn: day(1), endsOn: day(2) }, now),
      "PRECONDITION_FAILED",
      undefined,
      new RegExp(`Delegation is switched off by policy v${published.version}`),
    );
  });
});
