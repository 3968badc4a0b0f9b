import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, appendAuditEventNow, type AuditEventInput } from "@/server/domain/audit/append";
import { appendAuditEvents, AuditBatchItemError } from "@/server/domain/audit/append-batch";
import { GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { chainedRow, lockChainHead } from "@/server/domain/audit/chain";
import { validateAuditEvent } from "@/server/domain/audit/validate";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { AppError } from "@/server/domain/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

let db: TestDatabase;
let userId: string;

const event = (i: number): AuditEventInput => ({
  actorType: "SYSTEM",
  action: "job.completed",
  entityType: "Job",
  entityId: `job-${i}`,
  data: { i, when: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), big: BigInt(i) * 10n ** 20n },
});

beforeAll(async () => {
  db = await createTestDatabase();
  const user = await db.prisma.user.create({
    data: { email: "bo@example.test", name: "Bo Batch", department: "Security", roles: ["AUDITOR"] },
  });
  userId = user.id;
});

afterAll(async () => {
  await db?.drop();
});

const count = () => db.prisma.auditEvent.count();

describe("appendAuditEvents", () => {
  it("appends 500 events in one transaction, in order, and the chain verifies", async () => {
    const inputs = Array.from({ length: 500 }, (_, i) => event(i));
    const appended = await db.prisma.$transaction((tx) => appendAuditEvents(tx, inputs), { timeout: 60_000 });
    expect(appended.map((e) => e.seq)).toEqual(inputs.map((_, i) => BigInt(i + 1)));
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(500);
    rows.forEach((row, i) => {
      expect(row.entityId).toBe(`job-${i}`);
      expect(row.data).toEqual({ i, when: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), big: (BigInt(i) * 10n ** 20n).toString() });
      expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
      expect(hashEvent(row, row.prevHash)).toBe(row.hash);
      // One clock reading for the whole batch.
      expect(row.occurredAt.getTime()).toBe(rows[0]!.occurredAt.getTime());
      expect(appended[i]).toEqual({ id: row.id, seq: row.seq, hash: row.hash, occurredAt: row.occurredAt });
    });
    expect(await verifyAuditChain(db.prisma, { batchSize: 77 })).toEqual({ ok: true, checked: 500, headHash: rows[499]!.hash });
  });

  it("continues the chain from single appends and single appends continue from it", async () => {
    const before = await count();
    const single = await appendAuditEventNow(db.prisma, event(1000));
    const batch = await db.prisma.$transaction((tx) => appendAuditEvents(tx, [event(1001), event(1002), event(1003)]));
    const after = await appendAuditEventNow(db.prisma, event(1004));
    expect(batch.map((e) => e.seq)).toEqual([before + 2, before + 3, before + 4].map(BigInt));
    expect(after.seq).toBe(BigInt(before + 5));
    expect(batch[0]!.occurredAt.getTime()).toBeGreaterThanOrEqual(single.occurredAt.getTime());
    expect(after.occurredAt.getTime()).toBeGreaterThanOrEqual(batch[2]!.occurredAt.getTime());
    const first = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: batch[0]!.seq } });
    expect(first.prevHash).toBe(single.hash);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 5 });
  });

  it("writes nothing and takes no seq for an empty batch", async () => {
    const before = await count();
    expect(await db.prisma.$transaction((tx) => appendAuditEvents(tx, []))).toEqual([]);
    expect(await count()).toBe(before);
    expect((await appendAuditEventNow(db.prisma, event(2000))).seq).toBe(BigInt(before + 1));
  });

  it("leaves nothing when the caller's transaction throws after the batch", async () => {
    const before = await count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { title: "Changed" } });
        await appendAuditEvents(tx, Array.from({ length: 1_500 }, (_, i) => event(i)));
        throw new Error("state change failed after the batch was written");
      }, { timeout: 60_000 }),
    ).rejects.toThrow("state change failed");
    expect(await count()).toBe(before);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).title).toBeNull();
    expect((await appendAuditEventNow(db.prisma, event(3000))).seq).toBe(BigInt(before + 1));
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 1 });
  });

  it("splits a batch larger than one INSERT (1,000 rows) into several, as one unbroken chain", async () => {
    const before = await count();
    const appended = await db.prisma.$transaction(
      (tx) => appendAuditEvents(tx, Array.from({ length: 2_345 }, (_, i) => ({ ...event(i), actorType: "USER" as const, actorId: userId }))),
      { timeout: 60_000 },
    );
    expect(appended).toHaveLength(2_345);
    expect(appended.at(-1)!.seq).toBe(BigInt(before + 2_345));
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 2_345 });
  });
});

describe("batch validation", () => {
  it.each<[string, number, Record<string, unknown>, string | undefined]>([
    ["an action that is not dotted, first", 0, { action: "Completed" }, "action"],
    ["a blank entityId, in the middle", 17, { entityId: " " }, "entityId"],
    ["a USER event without actorId, last", 39, { actorType: "USER", actorId: null }, "actorId"],
    ["data with a NUL character", 5, { data: { text: "a\u0000b" } }, "data"],
    ["an actorId that names no user", 23, { actorType: "USER", actorId: "no-such-user" }, "actorId"],
    ["a requestId that names no request", 31, { requestId: "no-such-request" }, "requestId"],
  ])("refuses the whole batch for %s, naming the field and the index", async (_label, index, change, field) => {
    const before = await count();
    const inputs = Array.from({ length: 40 }, (_, i) => (i === index ? ({ ...event(i), ...change } as AuditEventInput) : event(i)));
    const attempt = db.prisma.$transaction((tx) => appendAuditEvents(tx, inputs));
    await expect(attempt).rejects.toBeInstanceOf(AuditBatchItemError);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST", field, index, message: expect.stringContaining(`index ${index}`) });
    expect(await count()).toBe(before);
  });

  it("refuses a batch containing something that is not an event", async () => {
    const inputs = [event(0), null as unknown as AuditEventInput];
    await expect(db.prisma.$transaction((tx) => appendAuditEvents(tx, inputs))).rejects.toMatchObject({ code: "BAD_REQUEST", index: 1 });
  });
});

describe("batch timestamps", () => {
  it("are never earlier than the head's, even when the head is ahead of the clock", async () => {
    // A head stamped an hour ahead stands for a database clock that was stepped back since.
    const ahead = new Date(Date.now() + 3_600_000);
    await db.prisma.$transaction(async (tx) => {
      const head = await lockChainHead(tx);
      await tx.auditEvent.create({ data: chainedRow(validateAuditEvent(event(4000)), head.seq + 1n, ahead, head.hash) });
    });
    const batch = await db.prisma.$transaction((tx) => appendAuditEvents(tx, [event(4001), event(4002)]));
    expect(batch.map((e) => e.occurredAt.getTime())).toEqual([ahead.getTime(), ahead.getTime()]);
    const single = await db.prisma.$transaction((tx) => appendAuditEvent(tx, event(4003)));
    expect(single.occurredAt.getTime()).toBe(ahead.getTime());
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
