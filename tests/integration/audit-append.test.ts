import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, appendAuditEventNow, type AuditEventInput } from "@/server/domain/audit/append";
import { GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { AppError } from "@/server/domain/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

let db: TestDatabase;
let userId: string;

const base: AuditEventInput = {
  actorType: "SYSTEM",
  action: "test.event",
  entityType: "Test",
  entityId: "t-1",
};

beforeAll(async () => {
  db = await createTestDatabase();
  const user = await db.prisma.user.create({
    data: { email: "ada@example.test", name: "Ada Auditor", department: "Security", roles: ["AUDITOR"] },
  });
  userId = user.id;
});

afterAll(async () => {
  await db?.drop();
});

async function eventCount(): Promise<number> {
  return db.prisma.auditEvent.count();
}

describe("appendAuditEvent", () => {
  it("starts the chain at seq 1 from the genesis hash and stores what it hashed", async () => {
    const data = {
      z: 1,
      a: { nested: [1, 2.5, -0, 1e21, 0.1 + 0.2], text: "é😀\u2028\"quoted\"" },
      when: new Date("2026-03-04T05:06:07.089Z"),
      big: 12345678901234567890n,
      dropped: undefined,
    };
    const appended = await appendAuditEventNow(db.prisma, {
      actorType: "USER",
      actorId: userId,
      action: "request.submitted",
      entityType: "AccessRequest",
      entityId: "req-1",
      data,
    });
    expect(appended.seq).toBe(1n);
    const row = await db.prisma.auditEvent.findUniqueOrThrow({ where: { id: appended.id } });
    expect(row.prevHash).toBe(GENESIS_HASH);
    expect(row.hash).toBe(appended.hash);
    expect(row.occurredAt.getTime()).toBe(appended.occurredAt.getTime());
    expect(row.data).toEqual({
      z: 1,
      a: { nested: [1, 2.5, 0, 1e21, 0.30000000000000004], text: "é😀\u2028\"quoted\"" },
      when: "2026-03-04T05:06:07.089Z",
      big: "12345678901234567890",
    });
    // The hash recomputed from the stored row (what a verifier sees) equals the one written.
    expect(hashEvent(row, row.prevHash)).toBe(row.hash);
  });

  it("takes the timestamp from the database clock, at millisecond precision", async () => {
    const [{ now }] = (await db.prisma.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`) as [{ now: Date }];
    const appended = await appendAuditEventNow(db.prisma, base);
    expect(appended.occurredAt.getTime()).toBeGreaterThanOrEqual(Math.floor(now.getTime()));
    expect(appended.occurredAt.getTime() - now.getTime()).toBeLessThan(10_000);
  });

  it("links each event to its predecessor and the chain verifies", async () => {
    const before = await eventCount();
    for (let i = 0; i < 8; i++) {
      await appendAuditEventNow(db.prisma, { ...base, entityId: `t-${i}`, data: { i } });
    }
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows).toHaveLength(before + 8);
    rows.forEach((row, index) => {
      expect(row.seq).toBe(BigInt(index + 1));
      expect(row.prevHash).toBe(index === 0 ? GENESIS_HASH : rows[index - 1]!.hash);
      if (index > 0) expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(rows[index - 1]!.occurredAt.getTime());
    });
    const result = await verifyAuditChain(db.prisma, { batchSize: 3 });
    expect(result).toEqual({ ok: true, checked: rows.length, headHash: rows.at(-1)!.hash });
  });

  it("leaves no event when the caller's transaction rolls back", async () => {
    const before = await eventCount();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { title: "Changed" } });
        await appendAuditEvent(tx, { ...base, action: "user.updated", entityType: "User", entityId: userId });
        throw new Error("state change failed after the event was written");
      }),
    ).rejects.toThrow("state change failed");
    expect(await eventCount()).toBe(before);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).title).toBeNull();
    // The next append reuses the seq the rolled-back one had taken: no gap.
    const next = await appendAuditEventNow(db.prisma, base);
    expect(next.seq).toBe(BigInt(before + 1));
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: before + 1 });
  });

  it("commits the event together with the caller's state change", async () => {
    const before = await eventCount();
    const appended = await db.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { title: "Lead auditor" } });
      return appendAuditEvent(tx, { ...base, actorType: "USER", actorId: userId, action: "user.updated", entityType: "User", entityId: userId });
    });
    expect(await eventCount()).toBe(before + 1);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).title).toBe("Lead auditor");
    expect(appended.seq).toBe(BigInt(before + 1));
  });
});

describe("input validation", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["an action that is not lowercase and dotted", { action: "Request.Submitted" }, "action"],
    ["an action without a dot", { action: "submitted" }, "action"],
    ["an empty entityType", { entityType: "" }, "entityType"],
    ["a blank entityId", { entityId: "  " }, "entityId"],
    ["an unknown actorType", { actorType: "ROBOT" }, "actorType"],
    ["a USER event without actorId", { actorType: "USER", actorId: null }, "actorId"],
    ["data that is an array", { data: [1] }, "data"],
    ["data with a non-finite number", { data: { ratio: Number.NaN } }, "data"],
    ["data with a NUL character", { data: { text: "a\u0000b" } }, "data"],
    ["data with a class instance", { data: { when: new Map() } }, "data"],
  ])("refuses %s with an AppError naming the field", async (_label, change, field) => {
    const before = await eventCount();
    const attempt = appendAuditEventNow(db.prisma, { ...base, ...change } as AuditEventInput);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST", field });
    expect(await eventCount()).toBe(before);
  });

  it("refuses an actorId that names no user, naming the field", async () => {
    const attempt = appendAuditEventNow(db.prisma, { ...base, actorType: "USER", actorId: "no-such-user" });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST", field: "actorId" });
  });
});

describe("append-only trigger", () => {
  it.each([
    ["UPDATE", `UPDATE "AuditEvent" SET data = '{"edited":true}' WHERE seq = 1`],
    ["DELETE", `DELETE FROM "AuditEvent" WHERE seq = 1`],
    ["TRUNCATE", `TRUNCATE "AuditEvent"`],
  ])("refuses a plain %s", async (operation, sql) => {
    const before = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 1n } });
    await expect(db.prisma.$executeRawUnsafe(sql)).rejects.toThrow(`AuditEvent is append-only: ${operation} is not allowed`);
    expect(await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 1n } })).toEqual(before);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
