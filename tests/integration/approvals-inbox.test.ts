import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_REFERENCE_DATE, seedDemo } from "@/server/db/seed";
import { listInbox, type InboxRow } from "@/server/domain/approvals/inbox";
import type { InboxInput } from "@/server/domain/approvals/inbox-input";
import { slaStateOf } from "@/server/domain/approvals/inbox-where";
import { callerFor, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const HOUR = 3_600_000;
const now = SEED_REFERENCE_DATE;
let db: TestDatabase;
let avery: { id: string; name: string; email: string };
let baseTotal: number;

async function all(actorId: string, input: InboxInput = {}): Promise<{ rows: InboxRow[]; total: number }> {
  const page = await listInbox(db.prisma, { id: actorId }, { ...input, pageSize: 100 }, now);
  expect(page.total).toBeLessThanOrEqual(100);
  return { rows: page.items, total: page.total };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  avery = await db.prisma.user.findUniqueOrThrow({ where: { email: "avery.approver@acme.example" }, select: { id: true, name: true, email: true } });
  // Two of Avery's stages set to be on time and due soon, so all three SLA states are present.
  const [onTime, dueSoon] = await db.prisma.approvalAssignment.findMany({
    where: { approverId: avery.id, status: "OPEN", stage: { status: "PENDING" } },
    orderBy: [{ stage: { dueAt: "desc" } }, { id: "asc" }],
    take: 2,
    select: { stage: { select: { id: true, slaHours: true } } },
  });
  for (const [row, share] of [[onTime!, 0.9], [dueSoon!, 0.1]] as const) {
    await db.prisma.approvalStage.update({ where: { id: row.stage.id }, data: { dueAt: new Date(now.getTime() + row.stage.slaHours * HOUR * share) } });
  }
  baseTotal = (await all(avery.id)).total;
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

describe("approver inbox", () => {
  it("holds exactly Avery's open assignments on stages deciding now, and those of people away who delegated to her", async () => {
    const deciding = { status: "OPEN" as const, stage: { status: "PENDING" as const }, request: { status: "PENDING_APPROVAL" as const, requesterId: { not: avery.id } } };
    const own = await db.prisma.approvalAssignment.count({ where: { approverId: avery.id, ...deciding } });
    const delegations = await db.prisma.delegation.findMany({
      where: { delegateId: avery.id, startsAt: { lte: now }, endsAt: { gt: now } },
      select: { delegatorId: true, delegator: { select: { name: true } } },
    });
    // A stage where Avery has her own assignment shows once, as hers.
    const delegated = await db.prisma.approvalAssignment.count({
      where: { approverId: { in: delegations.map((d) => d.delegatorId) }, ...deciding, stage: { status: "PENDING", assignments: { none: { approverId: avery.id } } } },
    });
    expect(own).toBeGreaterThan(0);
    expect(baseTotal).toBe(own + delegated);
    const { rows } = await all(avery.id);
    const names = new Set(delegations.map((d) => d.delegator.name));
    const ownDirect = await db.prisma.approvalAssignment.count({ where: { approverId: avery.id, onBehalfOfId: null, ...deciding } });
    expect(rows.filter((r) => r.onBehalfOf === null)).toHaveLength(ownDirect);
    // Delegated at submit (Avery holds it on someone's behalf) or live (someone away delegates to Avery).
    expect(rows.filter((r) => r.onBehalfOf !== null && names.has(r.onBehalfOf))).toHaveLength(own - ownDirect + delegated);
    for (const row of rows) {
      expect(row.reference).toBe(`AR-${String(row.number).padStart(6, "0")}`);
      expect(row.stage.approvals).toBeLessThan(row.stage.quorum);
      const approvals = await db.prisma.approvalDecision.count({ where: { outcome: "APPROVE", stage: { requestId: row.id, position: row.stage.position } } });
      expect(row.stage.approvals).toBe(approvals);
    }
  });

  it("narrows by risk tier, kind and system, every row matching, the parts adding up", async () => {
    const { rows } = await all(avery.id);
    const tiers = [...new Set(rows.map((r) => r.riskTier).filter((t) => t !== null))];
    let byTier = 0;
    for (const tier of tiers) {
      const page = await all(avery.id, { filters: { riskTier: [tier] } });
      expect(page.rows.every((r) => r.riskTier === tier)).toBe(true);
      expect(page.total).toBeLessThan(baseTotal);
      byTier += page.total;
    }
    expect(byTier).toBe(rows.filter((r) => r.riskTier !== null).length);

    const kinds = [...new Set(rows.map((r) => r.kind))];
    let byKind = 0;
    for (const kind of kinds) {
      const page = await all(avery.id, { filters: { kind: [kind] } });
      expect(page.rows.every((r) => r.kind === kind)).toBe(true);
      if (kinds.length > 1) expect(page.total).toBeLessThan(baseTotal);
      byKind += page.total;
    }
    expect(byKind).toBe(baseTotal);

    const systems = await db.prisma.accessRequest.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true, system: { select: { key: true } } } });
    const systemOf = new Map(systems.map((s) => [s.id, s.system?.key]));
    const systemKey = systemOf.get(rows[0]!.id)!;
    const bySystem = await all(avery.id, { filters: { systemKey } });
    expect(bySystem.rows.every((r) => systemOf.get(r.id) === systemKey)).toBe(true);
    expect(bySystem.total).toBe(rows.filter((r) => systemOf.get(r.id) === systemKey).length);
    expect(bySystem.total).toBeLessThan(baseTotal);

    const reference = rows[0]!.reference;
    const byQuery = await all(avery.id, { filters: { q: reference.toLowerCase() } });
    expect(byQuery.rows.map((r) => r.reference)).toEqual([reference]);
  });

  it("narrows by SLA state in the database as the rows report it", async () => {
    let sum = 0;
    const seen = new Set<string>();
    for (const slaState of ["ok", "due_soon", "overdue"] as const) {
      const page = await all(avery.id, { filters: { slaState } });
      for (const row of page.rows) {
        expect(row.slaState).toBe(slaState);
        if (slaState === "overdue") expect(row.dueAt!.getTime()).toBeLessThan(now.getTime());
      }
      if (page.total > 0) seen.add(slaState);
      sum += page.total;
    }
    expect(sum).toBe(baseTotal);
    expect([...seen].sort()).toEqual(["due_soon", "ok", "overdue"]);
  });

  it("sorts by SLA with the overdue first, and by risk and number in order", async () => {
    const { rows } = await all(avery.id, { sort: "sla" });
    const firstLater = rows.findIndex((r) => r.slaState !== "overdue");
    expect(rows[0]!.slaState).toBe("overdue");
    if (firstLater >= 0) expect(rows.slice(firstLater).some((r) => r.slaState === "overdue")).toBe(false);
    const due = rows.map((r) => r.dueAt?.getTime() ?? Infinity);
    expect(due).toEqual([...due].sort((a, b) => a - b));

    const byNumber = (await all(avery.id, { sort: "number", dir: "asc" })).rows.map((r) => r.number);
    expect(byNumber).toEqual([...byNumber].sort((a, b) => a - b));
    const byRisk = (await all(avery.id, { sort: "risk" })).rows.map((r) => r.riskScore ?? -1);
    expect(byRisk).toEqual([...byRisk].sort((a, b) => b - a));
  });

  it("pages without overlap and with a constant total", async () => {
    const pageSize = 3;
    const seen = new Set<string>();
    const pages = Math.ceil(baseTotal / pageSize);
    for (let page = 1; page <= pages + 1; page++) {
      const result = await listInbox(db.prisma, avery, { page, pageSize, sort: "risk" }, now);
      expect(result.total).toBe(baseTotal);
      if (page > pages) expect(result.items).toEqual([]);
      for (const row of result.items) {
        expect(seen.has(row.assignmentId)).toBe(false);
        seen.add(row.assignmentId);
      }
    }
    expect(seen.size).toBe(baseTotal);
  });

  it("shows a delegate the delegator's items on their behalf, only while the delegation runs", async () => {
    const dana = await createUser(db.prisma, { name: "Dana Delegate", roles: ["APPROVER"] });
    const past = await createUser(db.prisma, { name: "Paul Pastdelegate", roles: ["APPROVER"] });
    await db.prisma.delegation.createMany({
      data: [
        { delegatorId: avery.id, delegateId: dana.id, startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 48 * HOUR) },
        { delegatorId: avery.id, delegateId: past.id, startsAt: new Date(now.getTime() - 48 * HOUR), endsAt: new Date(now.getTime() - HOUR) },
      ],
    });
    // Only Avery's own items pass to her delegate: delegation is not transitive.
    const averyOwn = await db.prisma.approvalAssignment.count({
      where: { approverId: avery.id, status: "OPEN", stage: { status: "PENDING" }, request: { status: "PENDING_APPROVAL" } },
    });
    const { rows, total } = await all(dana.id);
    expect(total).toBe(averyOwn);
    expect(rows.every((r) => r.onBehalfOf === avery.name)).toBe(true);
    expect((await all(past.id)).total).toBe(0);
  });

  it("never shows requesters their own ticket", async () => {
    const stage = await db.prisma.approvalStage.findFirstOrThrow({
      where: { status: "PENDING", request: { status: "PENDING_APPROVAL" } },
      orderBy: { id: "asc" },
      select: { id: true, requestId: true, request: { select: { requesterId: true } } },
    });
    const requesterId = stage.request.requesterId;
    await db.prisma.approvalAssignment.create({ data: { stageId: stage.id, requestId: stage.requestId, approverId: requesterId } });
    const { rows } = await all(requesterId);
    expect(rows.some((r) => r.id === stage.requestId)).toBe(false);
  });

  it("gives someone without assignments an empty page, through the procedure with its defaults", async () => {
    const nobody: TestUser = await createUser(db.prisma, { name: "Nora Noassignments", roles: ["APPROVER"] });
    const page = await callerFor(db.prisma, nobody).approvals.inbox({});
    expect(page).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });

  it("marks an assignment delegated at submit with the person it stands in for", async () => {
    const sam = await createUser(db.prisma, { name: "Sam Standin", roles: ["APPROVER"] });
    const stage = await db.prisma.approvalStage.findFirstOrThrow({
      where: { status: "PENDING", request: { status: "PENDING_APPROVAL" } },
      orderBy: { id: "desc" },
      select: { id: true, requestId: true },
    });
    await db.prisma.approvalAssignment.create({ data: { stageId: stage.id, requestId: stage.requestId, approverId: sam.id, onBehalfOfId: avery.id } });
    const { rows } = await all(sam.id);
    expect(rows.map((r) => [r.id, r.onBehalfOf])).toEqual([[stage.requestId, avery.name]]);
  });

  it("classifies SLA states at the quarter-of-SLA boundary", () => {
    const due = new Date(now.getTime() + 6 * HOUR);
    expect(slaStateOf(due, 24, now)).toBe("due_soon");
    expect(slaStateOf(due, 23, now)).toBe("ok");
    expect(slaStateOf(new Date(now.getTime() - 1), 24, now)).toBe("overdue");
    expect(slaStateOf(null, 24, now)).toBe("ok");
  });
});
