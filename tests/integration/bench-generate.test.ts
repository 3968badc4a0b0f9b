import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countsFor, generateOrganisation, type GenerateSummary } from "@/bench/generate";
import { listInbox } from "@/server/domain/approvals/inbox";
import { reviewTicket } from "@/server/domain/approvals/review";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { getTicket } from "@/server/domain/requests/ticket";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** The large-organisation generator of the benchmarks, at a tiny scale. */
const SCALE = 0.002;
const NOW = new Date("2026-11-27T09:00:00.000Z");

let first: TestDatabase;
let second: TestDatabase;
let summary: GenerateSummary;

beforeAll(async () => {
  first = await createTestDatabase();
  second = await createTestDatabase();
  summary = await generateOrganisation(first, { scale: SCALE, seed: 7, now: NOW });
  await generateOrganisation(second, { scale: SCALE, seed: 7, now: NOW });
}, 240_000);

afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

interface TicketRow {
  number: number;
  kind: string;
  exceptionType: string | null;
  status: string;
  justification: string;
}

async function tickets(db: TestDatabase): Promise<TicketRow[]> {
  return db.prisma.accessRequest.findMany({
    select: { number: true, kind: true, exceptionType: true, status: true, justification: true },
    orderBy: { number: "asc" },
  });
}

describe("generateOrganisation", () => {
  it("writes the number of people, NHIs, systems and tickets the scale says, and about ten audit events per ticket", async () => {
    const counts = countsFor(SCALE);
    const p = first.prisma;
    expect(await p.user.count()).toBe(counts.people);
    expect(await p.identity.count({ where: { kind: "HUMAN" } })).toBe(counts.people);
    expect(await p.identity.count({ where: { kind: "NHI" } })).toBe(counts.nhis);
    expect(await p.system.count()).toBe(counts.systems);
    expect(await p.entitlement.count()).toBeGreaterThanOrEqual(counts.systems * 4);
    expect(await p.accessRequest.count()).toBe(counts.tickets);
    expect(await p.policyVersion.count()).toBe(1);
    const events = await p.auditEvent.count();
    expect(events).toBe(summary.rows.AuditEvent!.rows);
    expect(events).toBeGreaterThanOrEqual(8 * counts.tickets);
    expect(events).toBeLessThanOrEqual(14 * counts.tickets);
    for (const table of ["ApprovalStage", "ApprovalAssignment", "ApprovalDecision", "Grant", "Secret", "Certificate", "ClosureEvidence", "Comment"]) {
      expect(summary.rows[table]!.rows, table).toBeGreaterThan(0);
    }
  });

  it("has every status, kind and exception type, with grants, credentials and open assignments where they belong", async () => {
    const rows = await tickets(first);
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["DRAFT", "SUBMITTED", "PENDING_APPROVAL", "AUTO_APPROVED", "APPROVED", "FULFILLING", "ACTIVE", "REVOKING", "CLOSED", "FAILED", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED"]) {
      expect(statuses, s).toContain(s);
    }
    const kinds = new Set(rows.map((r) => (r.kind === "EXCEPTION" ? `EXCEPTION:${r.exceptionType}` : r.kind)));
    for (const k of ["GRANT", "MODIFY", "REVOKE", "ROTATE", "EXCEPTION:EMERGENCY", "EXCEPTION:VENDOR", "EXCEPTION:AUTOMATION", "REVIEW"]) {
      expect(kinds, k).toContain(k);
    }
    const p = first.prisma;
    // Open assignments are the approvers' inboxes: only tickets waiting for a decision have them.
    const open = await p.approvalAssignment.findMany({ where: { status: "OPEN" }, select: { request: { select: { status: true } } } });
    expect(open.length).toBeGreaterThan(0);
    expect(new Set(open.map((a) => a.request.status))).toEqual(new Set(["PENDING_APPROVAL"]));
    // Every ticket holding access has an active grant and the evidence read back for it.
    const active = await p.accessRequest.findMany({
      where: { status: "ACTIVE" },
      select: { grants: { select: { status: true } }, evidence: { select: { kind: true } } },
    });
    for (const t of active) {
      expect(t.grants.map((g) => g.status)).toEqual(["ACTIVE"]);
      expect(t.evidence.length).toBeGreaterThan(0);
    }
    const closedWithoutEvidence = await p.accessRequest.count({ where: { status: "CLOSED", evidence: { none: {} } } });
    expect(closedWithoutEvidence).toBe(0);
    expect(await p.grant.count({ where: { type: "SECRET", secrets: { none: {} }, status: { in: ["ACTIVE", "REVOKED"] } } })).toBe(0);
    expect(await p.grant.count({ where: { type: "CERTIFICATE", certificates: { none: {} }, status: { in: ["ACTIVE", "REVOKED"] } } })).toBe(0);
  });

  it("places everything in the two years before now, and justifications are searchable", async () => {
    const [range] = await first.withSession((s) =>
      s.query<{ oldest: Date; newest: Date }>(`SELECT min("occurredAt") AS oldest, max("occurredAt") AS newest FROM "AuditEvent"`),
    );
    expect(new Date(range!.newest).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(range!.oldest).getTime()).toBeGreaterThan(NOW.getTime() - 760 * 86_400_000);
    const [hit] = await first.withSession((s) =>
      s.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AccessRequest" WHERE "searchVector" @@ plainto_tsquery('english', 'rotation')`),
    );
    expect(hit!.n).toBeGreaterThan(0);
    const texts = new Set((await tickets(first)).map((t) => t.justification));
    expect(texts.size).toBeGreaterThan(0.9 * countsFor(SCALE).tickets);
  });

  it("writes an audit chain that verifies", async () => {
    const result = await verifyAuditChain(first.prisma);
    expect(result).toMatchObject({ ok: true, checked: await first.prisma.auditEvent.count(), headHash: summary.headHash });
  });

  it("gives the same tickets for the same seed", async () => {
    expect(await tickets(second)).toEqual(await tickets(first));
    const ids = async (db: TestDatabase) => (await db.prisma.auditEvent.findMany({ select: { hash: true }, orderBy: { seq: "asc" } })).map((e) => e.hash);
    expect(await ids(second)).toEqual(await ids(first));
  });

  it("is read by the portal: an approver's inbox, the review of a waiting ticket, and a ticket of every status", async () => {
    const p = first.prisma;
    const [busiest] = await p.approvalAssignment.groupBy({ by: ["approverId"], where: { status: "OPEN" }, _count: { _all: true }, orderBy: { _count: { approverId: "desc" } }, take: 1 });
    const approver = await p.user.findUniqueOrThrow({ where: { id: busiest!.approverId }, select: { id: true, roles: true } });
    const inbox = await listInbox(p, approver, {});
    expect(inbox.total).toBe(busiest!._count._all);
    const review = await reviewTicket(p, approver, { number: inbox.items[0]!.number });
    expect(review).toBeTruthy();
    const auditor = await p.user.findUniqueOrThrow({ where: { email: "audrey.auditor@acme.example" }, select: { id: true, roles: true } });
    const rows = await tickets(first);
    for (const status of new Set(rows.map((r) => r.status))) {
      const sample = rows.find((r) => r.status === status)!;
      const ticket = await getTicket(p, auditor, sample.number);
      expect(ticket.status).toBe(status);
    }
  });

  it("refuses a database that already has data", async () => {
    await expect(generateOrganisation(first, { scale: SCALE, seed: 7, now: NOW })).rejects.toThrow(/not empty/);
  });
});
