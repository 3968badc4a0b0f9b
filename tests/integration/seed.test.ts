import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/enums";
import { DEMO_PERSONAS, isDatabaseEmpty, SEED_REFERENCE_DATE, seedDemo, type SeedSummary } from "@/server/db/seed";
import { policyContentHash } from "@/server/db/seed/policy";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const now = SEED_REFERENCE_DATE;
const DAY = 86_400_000;

/** A digest of the rows that must come out identical from every seed, ids included. */
async function digest(db: TestDatabase): Promise<string> {
  const p = db.prisma;
  const [users, requests, entitlements, grants, events] = await Promise.all([
    p.user.findMany({ orderBy: { id: "asc" } }),
    p.accessRequest.findMany({ orderBy: { number: "asc" } }),
    p.entitlement.findMany({ orderBy: { id: "asc" } }),
    p.grant.findMany({ orderBy: { id: "asc" } }),
    p.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, action: true, entityId: true, requestId: true, actorId: true, data: true } }),
  ]);
  const text = JSON.stringify({ users, requests, entitlements, grants, events }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return createHash("sha256").update(text).digest("hex");
}

describe("demo organisation seed", () => {
  let db: TestDatabase;
  let summary: SeedSummary;

  beforeAll(async () => {
    db = await createTestDatabase();
    summary = await seedDemo(db.prisma);
  }, 180_000);

  afterAll(async () => {
    await db?.drop();
  });

  it("creates an organisation of the promised size, quickly", () => {
    expect(summary.users).toBeGreaterThanOrEqual(38);
    expect(summary.users).toBeLessThanOrEqual(45);
    expect(summary.nonHumanIdentities).toBeGreaterThanOrEqual(22);
    expect(summary.systems).toBeGreaterThanOrEqual(11);
    expect(summary.entitlements).toBeGreaterThanOrEqual(75);
    expect(summary.accessRequests).toBeGreaterThanOrEqual(280);
    expect(summary.accessRequests).toBeLessThanOrEqual(320);
    expect(summary.policyVersions).toBe(1);
    expect(summary.durationMs).toBeLessThan(60_000);
  });

  it("gives every person a linked HUMAN identity and every NHI an owner", async () => {
    const users = await db.prisma.user.findMany({ select: { id: true, identity: { select: { kind: true } } } });
    expect(users.every((u) => u.identity?.kind === "HUMAN")).toBe(true);
    const nhis = await db.prisma.identity.findMany({ where: { kind: "NHI" } });
    expect(nhis.every((i) => i.ownerId && i.nhiType && i.workload && i.rotationPeriodDays)).toBe(true);
    expect(nhis.some((i) => i.backupOwnerId === null)).toBe(true);
    const inactiveOwners = await db.prisma.identity.count({ where: { kind: "NHI", owner: { active: false } } });
    expect(inactiveOwners).toBeGreaterThan(0);
  });

  it("covers every status, kind and exception type", async () => {
    const rows = await db.prisma.accessRequest.findMany({ select: { status: true, kind: true, exceptionType: true } });
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(Object.values(RequestStatus)));
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(Object.values(RequestKind)));
    expect(new Set(rows.map((r) => r.exceptionType).filter(Boolean))).toEqual(new Set(Object.values(ExceptionType)));
    expect(rows.filter((r) => r.kind === "EXCEPTION").every((r) => r.exceptionType !== null)).toBe(true);
  });

  it("creates the four demo personas with their roles, Riley reporting to Avery", async () => {
    for (const persona of DEMO_PERSONAS) {
      const user = await db.prisma.user.findUnique({ where: { email: persona.email } });
      expect(user, persona.email).not.toBeNull();
      expect([...user!.roles].sort()).toEqual([...persona.roles].sort());
    }
    const riley = await db.prisma.user.findUniqueOrThrow({ where: { email: "riley.requester@acme.example" }, include: { manager: true } });
    expect(riley.manager?.email).toBe("avery.approver@acme.example");
  });

  it("never lets a requester or the subject decide, or wait on them", async () => {
    const select = { approverId: true, request: { select: { requesterId: true, subject: { select: { userId: true } } } } } as const;
    const decisions = await db.prisma.approvalDecision.findMany({ select });
    const open = await db.prisma.approvalAssignment.findMany({ where: { status: "OPEN" }, select });
    expect(decisions.length).toBeGreaterThan(200);
    for (const row of [...decisions, ...open]) {
      expect(row.approverId).not.toBe(row.request.requesterId);
      expect(row.approverId).not.toBe(row.request.subject.userId);
    }
    const approvals = await db.prisma.approvalDecision.findMany({ where: { outcome: "APPROVE" }, select: { requestId: true, approverId: true } });
    const pairs = approvals.map((d) => `${d.requestId}/${d.approverId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("keeps approval rows consistent with each ticket's status", async () => {
    const pending = await db.prisma.accessRequest.findMany({
      where: { status: "PENDING_APPROVAL" },
      select: { assignments: { where: { status: "OPEN", stage: { status: { in: ["PENDING", "INFO_REQUESTED"] } } } } },
    });
    expect(pending.length).toBeGreaterThanOrEqual(30);
    expect(pending.every((r) => r.assignments.length > 0)).toBe(true);
    const waitingOn = async (email: string) =>
      db.prisma.approvalAssignment.count({ where: { status: "OPEN", approver: { email }, stage: { status: "PENDING" }, request: { status: "PENDING_APPROVAL" } } });
    expect(await waitingOn("avery.approver@acme.example")).toBeGreaterThanOrEqual(10);
    expect(await waitingOn("adam.admin@acme.example")).toBeGreaterThanOrEqual(4);
    const stray = await db.prisma.approvalAssignment.count({ where: { status: "OPEN", request: { status: { not: "PENDING_APPROVAL" } } } });
    expect(stray).toBe(0);
  });

  it("backs active and closed tickets with grants and evidence read from the target", async () => {
    const active = await db.prisma.accessRequest.findMany({ where: { status: { in: ["ACTIVE", "REVOKING"] } }, select: { grants: { select: { status: true } } } });
    expect(active.every((r) => r.grants.length > 0)).toBe(true);
    const closed = await db.prisma.accessRequest.findMany({ where: { status: "CLOSED" }, select: { kind: true, grants: true, evidence: true } });
    expect(closed.every((r) => r.evidence.length > 0)).toBe(true);
    expect(closed.filter((r) => r.kind !== "REVOKE" && r.kind !== "REVIEW").every((r) => r.grants.length > 0 && r.grants.every((g) => g.status === "REVOKED"))).toBe(true);
    // A follow-up review grants nothing: it closes on the security reviewer's approval, with the emergency grant's read-back it confirmed.
    const reviews = await db.prisma.accessRequest.findMany({ where: { status: "CLOSED", kind: "REVIEW" }, select: { grants: true, decisions: { select: { outcome: true } }, evidence: { select: { summary: true } } } });
    expect(reviews.length).toBeGreaterThan(0);
    expect(reviews.every((r) => r.grants.length === 0 && r.decisions.some((d) => d.outcome === "APPROVE") && r.evidence.every((e) => e.summary.startsWith("Reviewed: ")))).toBe(true);
    const grantsWithoutEvidence = await db.prisma.grant.count({ where: { status: { in: ["ACTIVE", "REVOKED"] }, evidence: { none: {} } } });
    expect(grantsWithoutEvidence).toBe(0);
    const types = await db.prisma.grant.groupBy({ by: ["type"], _count: true });
    expect(types.map((t) => t.type).sort()).toEqual(["CERTIFICATE", "ENTITLEMENT", "SECRET"]);
  });

  it("stores nothing of a secret but its fingerprint and visible prefix", async () => {
    const secrets = await db.prisma.secret.findMany();
    expect(secrets.length).toBeGreaterThan(5);
    for (const s of secrets) {
      expect(s.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(s.prefix.length).toBeLessThanOrEqual(12);
      expect(Object.keys(s).sort()).toEqual(
        ["algorithm", "createdAt", "expiresAt", "fingerprint", "grantId", "id", "identityId", "label", "lastUsedAt", "prefix", "revokedAt", "rotatedFromId", "updatedAt", "version"].sort(),
      );
    }
    expect(secrets.some((s) => s.rotatedFromId !== null)).toBe(true);
  });

  it("places everything in the 90 days before the reference date, with grants expiring soon", async () => {
    const range = await db.prisma.accessRequest.aggregate({ _min: { createdAt: true }, _max: { updatedAt: true } });
    expect(range._min.createdAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 90 * DAY);
    expect(range._max.updatedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
    const expiring = await db.prisma.grant.count({ where: { status: "ACTIVE", expiresAt: { gte: now, lte: new Date(now.getTime() + 7 * DAY) } } });
    expect(expiring).toBeGreaterThanOrEqual(5);
    const expired = await db.prisma.grant.count({ where: { status: "ACTIVE", expiresAt: { lt: now } } });
    expect(expired).toBe(0);
    const riley = await db.prisma.accessRequest.count({ where: { requester: { email: "riley.requester@acme.example" } } });
    expect(riley).toBeGreaterThanOrEqual(10);
    expect(riley).toBeLessThanOrEqual(16);
  });

  it("pins policy version 1, whose hash is the hash of its canonical document", async () => {
    const version = await db.prisma.policyVersion.findUniqueOrThrow({ where: { version: 1 }, include: { workflows: true } });
    expect(version.contentHash).toBe(policyContentHash(version.document));
    expect(version.workflows.map((w) => w.key)).toContain("security-review");
    const decided = await db.prisma.accessRequest.count({ where: { decisionRoute: { not: null } } });
    const pinned = await db.prisma.accessRequest.count({ where: { policyVersionId: version.id, policyRuleId: { not: null } } });
    expect(pinned).toBe(decided);
  });

  it("records the lifecycle of every ticket in an audit chain that verifies", async () => {
    const withoutEvents = await db.prisma.accessRequest.count({ where: { auditEvents: { none: {} } } });
    expect(withoutEvents).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: "policy.published" } })).toBe(1);
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: true, checked: summary.auditEvents });
  });

  it("refuses to seed a database that already has people", async () => {
    expect(await isDatabaseEmpty(db.prisma)).toBe(false);
    await expect(seedDemo(db.prisma)).rejects.toThrow(/already has users/);
  });

  it("gives identical data, ids included, in a second fresh database", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other.prisma);
      expect(await digest(other)).toBe(await digest(db));
    } finally {
      await other.drop();
    }
  }, 180_000);
});
