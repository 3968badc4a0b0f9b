import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, appendAuditEventNow } from "@/server/domain/audit/append";
import { GENESIS_HASH } from "@/server/domain/audit/canonical";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

// On PostgreSQL the transactions really run side by side on separate connections; PGlite has one
// connection and serialises them, so there the test only shows that nothing is lost.
const CONCURRENT = 50;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe("concurrent appends", () => {
  it(`${CONCURRENT} transactions appending at once give seq 1..${CONCURRENT} and one unbroken chain`, async () => {
    let open = 0;
    let maxOpen = 0;
    const appended = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        db.prisma.$transaction(
          async (tx) => {
            maxOpen = Math.max(maxOpen, ++open);
            try {
              // A state change first, as real callers do: the chain lock is taken only afterwards.
              const user = await tx.user.create({
                data: { email: `u${i}@example.test`, name: `User ${i}`, department: "Engineering", roles: ["REQUESTER"] },
              });
              return await appendAuditEvent(tx, {
                actorType: "USER",
                actorId: user.id,
                action: "user.created",
                entityType: "User",
                entityId: user.id,
                data: { i },
              });
            } finally {
              open--;
            }
          },
          { maxWait: 30_000, timeout: 30_000 },
        ),
      ),
    );
    if (onPostgres) expect(maxOpen).toBeGreaterThan(1);

    expect(appended.map((e) => e.seq).sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: CONCURRENT }, (_, i) => BigInt(i + 1)),
    );
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(CONCURRENT);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(CONCURRENT);
    rows.forEach((row, index) => {
      const previous = rows[index - 1];
      expect(row.prevHash).toBe(previous ? previous.hash : GENESIS_HASH);
      if (previous) expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(previous.occurredAt.getTime());
    });
    expect(await db.prisma.user.count()).toBe(CONCURRENT);
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: CONCURRENT, headHash: rows.at(-1)!.hash });
  });

  it("keeps the chain gapless when some of the concurrent transactions roll back", async () => {
    const before = await db.prisma.auditEvent.count();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 3 === 0
          ? db.prisma.$transaction(
              async (tx) => {
                await appendAuditEvent(tx, { actorType: "SYSTEM", action: "job.failed", entityType: "Job", entityId: `j${i}` });
                throw new Error("rolled back");
              },
              { maxWait: 30_000, timeout: 30_000 },
            )
          : appendAuditEventNow(db.prisma, { actorType: "SYSTEM", action: "job.completed", entityType: "Job", entityId: `j${i}` }),
      ),
    );
    const committed = outcomes.filter((o) => o.status === "fulfilled").length;
    expect(committed).toBe(13);
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: true, checked: before + committed });
  });

  it.skipIf(!onPostgres)("refuses with CONFLICT, never forks, when a REPEATABLE READ snapshot predates the head", async () => {
    const before = await db.prisma.auditEvent.count();
    const attempt = db.prisma.$transaction(
      async (tx) => {
        await tx.auditEvent.count(); // takes the transaction's snapshot
        await appendAuditEventNow(db.prisma, { actorType: "SYSTEM", action: "job.completed", entityType: "Job", entityId: "other" });
        return appendAuditEvent(tx, { actorType: "SYSTEM", action: "job.completed", entityType: "Job", entityId: "stale" });
      },
      { isolationLevel: "RepeatableRead" },
    );
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 1 });
  });
});
