import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEventNow } from "@/server/domain/audit/append";
import {
  callerFor,
  createCatalogue,
  createStage,
  createTicket,
  createUser,
  type TestUser,
} from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const DAY = 24 * 60 * 60 * 1000;
let db: TestDatabase;
let ana: TestUser, ben: TestUser, carl: TestUser, dora: TestUser, eve: TestUser, fay: TestUser;
let anaRecent: string[];
const pendingNumbers: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  ana = await createUser(p, { name: "Ana Requester", roles: ["REQUESTER"] });
  ben = await createUser(p, { name: "Ben Requester", roles: ["REQUESTER"] });
  carl = await createUser(p, { name: "Carl Approver", roles: ["REQUESTER", "APPROVER"] });
  dora = await createUser(p, { name: "Dora Approver", roles: ["APPROVER"] });
  eve = await createUser(p, { name: "Eve Auditor", roles: ["AUDITOR"] });
  fay = await createUser(p, { name: "Fay Admin", roles: ["ADMIN"] });
  const catalogue = await createCatalogue(p, fay.id);

  // Ana: seven open tickets (one an hour apart) and three finished ones.
  const base = Date.now() - 30 * DAY;
  const open = ["DRAFT", "SUBMITTED", "PENDING_APPROVAL", "APPROVED", "FULFILLING", "FAILED", "REVOKING"] as const;
  const anaOpen = [];
  for (const [i, status] of open.entries()) {
    anaOpen.push(await createTicket(p, { requester: ana, status, catalogue, updatedAt: new Date(base + i * 3600_000) }));
  }
  for (const status of ["ACTIVE", "CLOSED", "DENIED"] as const) await createTicket(p, { requester: ana, status, catalogue });
  anaRecent = anaOpen.slice(-5).reverse().map((t) => t.id);

  // Ben: two open tickets, one for Ana's identity (a requester sees what they asked, not what is about them).
  const benPending = await createTicket(p, { requester: ben, status: "PENDING_APPROVAL", catalogue });
  await createTicket(p, { requester: ben, subjectId: ana.identityId, status: "SUBMITTED", catalogue });

  // Approvals: Carl decides on Ana's pending ticket (stage 1, shared with Dora) and on Ben's (stage 2).
  const anaPending = anaOpen[2]!;
  pendingNumbers.ana = anaPending.number;
  pendingNumbers.ben = benPending.number;
  await createStage(p, { requestId: anaPending.id, approverIds: [carl.id, dora.id], status: "PENDING", dueAt: new Date(Date.now() - DAY) });
  const done = await createStage(p, { requestId: benPending.id, approverIds: [carl.id], status: "APPROVED" });
  await p.approvalAssignment.updateMany({ where: { stageId: done.id }, data: { status: "DONE" } });
  await createStage(p, { requestId: benPending.id, approverIds: [carl.id], status: "PENDING", position: 2, dueAt: new Date(Date.now() + DAY) });
  // Not Carl's turn: a later stage still waiting, and a cancelled ticket with a stale open assignment.
  const waiting = await createTicket(p, { requester: ben, status: "PENDING_APPROVAL", catalogue });
  await createStage(p, { requestId: waiting.id, approverIds: [dora.id], status: "PENDING" });
  await createStage(p, { requestId: waiting.id, approverIds: [carl.id], status: "WAITING", position: 2 });
  const cancelled = await createTicket(p, { requester: ben, status: "CANCELLED", catalogue });
  await createStage(p, { requestId: cancelled.id, approverIds: [carl.id], status: "PENDING" });

  // Grants: two active ones expire within seven days; the others do not count.
  const active = await createTicket(p, { requester: ben, status: "ACTIVE", catalogue });
  const grant = (status: "ACTIVE" | "REVOKED", inDays: number) =>
    p.grant.create({
      data: {
        requestId: active.id,
        identityId: ben.identityId,
        entitlementId: catalogue.entitlement.id,
        type: "ENTITLEMENT",
        status,
        connectorType: "POSTGRES",
        scope: {},
        expiresAt: new Date(Date.now() + inDays * DAY),
      },
    });
  await grant("ACTIVE", 6);
  await grant("ACTIVE", 2);
  await grant("ACTIVE", 10);
  await grant("ACTIVE", -1);
  await grant("REVOKED", 1);

  for (const version of [1, 2]) {
    await p.policyVersion.create({
      data: { version, contentHash: `hash-${version}`, document: { version }, publishedById: fay.id },
    });
  }
  for (const action of ["request.submitted", "request.approved", "grant.activated"]) {
    await appendAuditEventNow(p, { actorType: "USER", actorId: ana.id, action, entityType: "AccessRequest", entityId: anaPending.id });
  }
});

afterAll(async () => {
  await db?.drop();
});

const home = (user: TestUser) => callerFor(db.prisma, user).dashboard.home();

describe("dashboard.home", () => {
  it("shows a requester their own open requests only, newest first, five at most", async () => {
    const figures = await home(ana);
    expect(figures.myRequests.openCount).toBe(7);
    expect(figures.myRequests.recent.map((r) => r.id)).toEqual(anaRecent);
    const first = figures.myRequests.recent[0]!;
    expect(first.number).toMatch(/^AR-\d{6}$/);
    expect(first.title).toBe("Grant Read replica on Payments DB for Ana Requester");
    expect(figures).toMatchObject({ waitingOnMe: null, expiringGrants: null, auditIntegrity: null, catalogue: null });

    const benFigures = await home(ben);
    expect(benFigures.myRequests.openCount).toBe(3);
    expect(benFigures.myRequests.recent.every((r) => !anaRecent.includes(r.id))).toBe(true);
  });

  it("shows an approver what waits on them now, oldest first, with the SLA", async () => {
    const carlFigures = await home(carl);
    expect(carlFigures.myRequests.openCount).toBe(0);
    expect(carlFigures.waitingOnMe?.count).toBe(2);
    const [oldest, next] = carlFigures.waitingOnMe!.oldest;
    expect(oldest).toMatchObject({ requesterName: "Ana Requester", overdue: true, stageName: "Resource owner" });
    expect(oldest!.number).toBe(`AR-${String(pendingNumbers.ana).padStart(6, "0")}`);
    expect(next).toMatchObject({ requesterName: "Ben Requester", overdue: false });
    expect(next!.number).toBe(`AR-${String(pendingNumbers.ben).padStart(6, "0")}`);

    const doraFigures = await home(dora);
    expect(doraFigures.waitingOnMe?.count).toBe(2);
    expect(doraFigures.expiringGrants).toBeNull();
  });

  it("shows auditors expiring grants and the audit chain's integrity", async () => {
    const figures = await home(eve);
    expect(figures.waitingOnMe).toBeNull();
    expect(figures.catalogue).toBeNull();
    expect(figures.expiringGrants?.count).toBe(2);
    const soonest = figures.expiringGrants!.soonest;
    expect(soonest.map((g) => g.identityName)).toEqual(["Ben Requester", "Ben Requester"]);
    expect(soonest[0]!.expiresAt.getTime()).toBeLessThan(soonest[1]!.expiresAt.getTime());
    expect(soonest[0]!.what).toBe("Read replica on Payments DB");
    expect(figures.auditIntegrity).toMatchObject({ ok: true, checked: 3, total: 3, brokenAt: null });
  });

  it("shows admins the catalogue and the published policy version", async () => {
    const figures = await home(fay);
    expect(figures.catalogue).toEqual({ systems: 1, entitlements: 1, publishedPolicyVersion: 2 });
    expect(figures.expiringGrants?.count).toBe(2);
    expect(figures.auditIntegrity?.ok).toBe(true);
  });

  it("lists a requester's own tickets page by page, and nobody else's", async () => {
    // Ana's ten, plus the one Ben filed for her: "my requests" also lists tickets whose subject is me.
    const page = await callerFor(db.prisma, ana).requests.mine({ pageSize: 4, page: 3 });
    expect(page.total).toBe(11);
    expect(page.items).toHaveLength(3);
    const open = await callerFor(db.prisma, ana).requests.mine({ openOnly: true, pageSize: 100 });
    expect(open.total).toBe(8);
  });

  it("reports a tampered chain once the auditor verifies it again", async () => {
    await db.withSession(async (s) => {
      await s.exec(`SET session_replication_role = replica`);
      try {
        await s.exec(`UPDATE "AuditEvent" SET action = 'request.denied' WHERE seq = 2`);
      } finally {
        await s.exec(`SET session_replication_role = origin`);
      }
    });
    const cached = await home(fay);
    expect(cached.auditIntegrity?.ok).toBe(true);

    const result = await callerFor(db.prisma, eve).audit.verifyChain();
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: "2" } });
    expect((await home(fay)).auditIntegrity).toMatchObject({ ok: false, brokenAt: { seq: "2" } });
  });
});
