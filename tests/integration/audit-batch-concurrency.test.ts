import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, appendAuditEvents, type AppendedAuditEvent } from "@/server/domain/audit/append";
import { GENESIS_HASH } from "@/server/domain/audit/canonical";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

// On PostgreSQL the transactions run side by side on separate connections and queue on the chain
// lock; PGlite has one connection and serialises them, so there the test shows nothing is lost.
const BATCHES = 6;
const BATCH_SIZE = 150;
const SINGLES = 30;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const options = { maxWait: 60_000, timeout: 60_000 };

describe("batches among concurrent single appends", () => {
  it(`${BATCHES} batches of ${BATCH_SIZE} and ${SINGLES} single appends at once give one gapless, unbroken chain`, async () => {
    let open = 0;
    let maxOpen = 0;
    const track = async <T>(work: () => Promise<T>): Promise<T> => {
      maxOpen = Math.max(maxOpen, ++open);
      try {
        return await work();
      } finally {
        open--;
      }
    };
    const batch = (b: number) =>
      db.prisma.$transaction(
        (tx) =>
          track(async () => {
            // A state change first, as real callers do: the chain lock is taken afterwards.
            await tx.user.create({ data: { email: `batch${b}@example.test`, name: `Batch ${b}`, department: "Engineering", roles: ["REQUESTER"] } });
            const inputs = Array.from({ length: BATCH_SIZE }, (_, i) => ({
              actorType: "SYSTEM" as const,
              action: "job.completed",
              entityType: "Job",
              entityId: `b${b}-${i}`,
              data: { b, i },
            }));
            return appendAuditEvents(tx, inputs);
          }),
        options,
      );
    const single = (s: number) =>
      db.prisma.$transaction(
        (tx) => track(async () => [await appendAuditEvent(tx, { actorType: "SYSTEM", action: "job.started", entityType: "Job", entityId: `s${s}` })]),
        options,
      );
    // Interleave the starts so singles queue on the lock between batches.
    const work: Promise<AppendedAuditEvent[]>[] = [];
    for (let i = 0; i < Math.max(BATCHES, SINGLES); i++) {
      if (i < BATCHES) work.push(batch(i));
      if (i < SINGLES) work.push(single(i));
    }
    const results = await Promise.all(work);
    if (onPostgres) expect(maxOpen).toBeGreaterThan(1);

    const total = BATCHES * BATCH_SIZE + SINGLES;
    const seqs = results.flat().map((e) => e.seq).sort((a, b) => Number(a - b));
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => BigInt(i + 1)));
    // A batch is never split by another writer: its seqs are consecutive.
    for (const result of results) {
      expect(result.map((e) => e.seq)).toEqual(result.map((_, i) => result[0]!.seq + BigInt(i)));
    }
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, occurredAt: true } });
    expect(rows).toHaveLength(total);
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      expect(row.prevHash).toBe(previous ? previous.hash : GENESIS_HASH);
      if (previous) expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(previous.occurredAt.getTime());
    });
    expect(await db.prisma.user.count()).toBe(BATCHES);
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: total, headHash: rows.at(-1)!.hash });
  }, 120_000);

  it("keeps the chain gapless when some concurrent batches roll back", async () => {
    const before = await db.prisma.auditEvent.count();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, b) =>
        db.prisma.$transaction(async (tx) => {
          const appended = await appendAuditEvents(
            tx,
            Array.from({ length: 50 }, (_, i) => ({ actorType: "SYSTEM" as const, action: "job.failed", entityType: "Job", entityId: `r${b}-${i}` })),
          );
          if (b % 2 === 0) throw new Error("rolled back");
          return appended;
        }, options),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 4 * 50 });
  }, 120_000);

  it.skipIf(!onPostgres)("refuses a batch with CONFLICT, never forks, when a REPEATABLE READ snapshot predates the head", async () => {
    const before = await db.prisma.auditEvent.count();
    const job = (id: string) => ({ actorType: "SYSTEM" as const, action: "job.completed", entityType: "Job", entityId: id });
    const attempt = db.prisma.$transaction(
      async (tx) => {
        await tx.auditEvent.count(); // takes the transaction's snapshot
        await db.prisma.$transaction((other) => appendAuditEvents(other, [job("other-1"), job("other-2")]));
        return appendAuditEvents(tx, [job("stale-1"), job("stale-2")]);
      },
      { isolationLevel: "RepeatableRead" },
    );
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 2 });
  });
});
