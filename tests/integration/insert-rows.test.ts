import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { constraintViolation, insertRows } from "@/server/db/insert-rows";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

let db: TestDatabase;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const user = await db.prisma.user.create({ data: { email: "ira@example.test", name: "Ira Insert", department: "Ops", roles: ["REQUESTER"] } });
  userId = user.id;
});

afterAll(async () => {
  await db?.drop();
});

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("insertRows", () => {
  it("writes each field with its column's type, keeps defaults for the columns not named, and returns what was asked", async () => {
    const runAt = new Date("2026-12-01T10:00:00.123Z");
    const updatedAt = new Date();
    const rows = [
      { id: randomUUID(), type: "t", payload: { nested: { list: [1, "two"] }, note: "it's \"quoted\"" }, dedupeKey: null, updatedAt },
      { id: randomUUID(), type: "t", payload: "a string", dedupeKey: "k-1", updatedAt, runAt, maxAttempts: 3 },
    ];
    const returned = await insertRows<{ id: string; status: string }>(db.prisma, "Job", rows, { returning: ["id", "status"] });
    expect(returned.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(returned.every((r) => r.status === "QUEUED")).toBe(true);

    const stored = await db.prisma.job.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { dedupeKey: "asc" } });
    const [keyed, unkeyed] = [stored.find((j) => j.dedupeKey === "k-1")!, stored.find((j) => j.dedupeKey === null)!];
    expect(unkeyed.payload).toEqual(rows[0]!.payload);
    expect(unkeyed.maxAttempts).toBe(8); // the column default: the row did not name it
    expect(unkeyed.runAt.getTime()).toBeGreaterThan(0);
    expect(keyed.payload).toBe("a string");
    expect(keyed.runAt.toISOString()).toBe(runAt.toISOString());
    expect(keyed.maxAttempts).toBe(3);
    expect(keyed.updatedAt.toISOString()).toBe(updatedAt.toISOString());
  });

  it("skips duplicates when asked, and reports only the rows it wrote", async () => {
    const row = () => ({ id: randomUUID(), type: "t", payload: {}, dedupeKey: "once", updatedAt: new Date() });
    expect(await insertRows(db.prisma, "Job", [row()], { skipDuplicates: true })).toHaveLength(1);
    expect(await insertRows(db.prisma, "Job", [row()], { skipDuplicates: true })).toHaveLength(0);
    expect(await db.prisma.job.count({ where: { dedupeKey: "once" } })).toBe(1);
  });

  it("names the broken constraint: a duplicate is unique, a missing reference is a foreign key", async () => {
    const id = randomUUID();
    const note = (userRef: string) => ({ id, userId: userRef, kind: "k", title: "t", body: "b", updatedAt: new Date() });
    await insertRows(db.prisma, "Notification", [note(userId)]);
    const duplicate = await failure(insertRows(db.prisma, "Notification", [note(userId)]));
    expect(constraintViolation(duplicate)?.kind).toBe("unique");
    const orphan = await failure(insertRows(db.prisma, "Notification", [{ ...note("nobody"), id: randomUUID() }]));
    expect(constraintViolation(orphan)).toMatchObject({ kind: "foreignKey" });
    expect(constraintViolation(orphan)?.detail).toContain("userId");
    expect(constraintViolation(new Error("other"))).toBeNull();
  });

  it("refuses a name that is not a plain identifier, before sending anything", async () => {
    await expect(insertRows(db.prisma, 'Job"; DROP TABLE "Job', [{ id: "x" }])).rejects.toThrow(/not a plain identifier/);
    await expect(insertRows(db.prisma, "Job", [{ 'id" = 1; --': "x" }])).rejects.toThrow(/not a plain identifier/);
  });
});
