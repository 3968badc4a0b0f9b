import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChainStream, type VerifyStreamLine } from "@/server/domain/audit/verify-stream";
import { seedDemo } from "@/server/db/seed";
import { auditChainIntegrity } from "@/server/domain/dashboard/integrity";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** The chain verification the auditor runs from the page: progress per batch, then the result. */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

async function lines(stream: ReadableStream<Uint8Array>): Promise<VerifyStreamLine[]> {
  const text = await new Response(stream).text();
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((line) => JSON.parse(line) as VerifyStreamLine);
}

async function bypassingTrigger(sql: string): Promise<void> {
  await db.withSession(async (session) => {
    await session.exec(`BEGIN; ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"; ${sql}; ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"; COMMIT;`);
  });
}

describe("the streamed audit-chain verification", () => {
  it("reports progress batch by batch up to the whole chain, then an intact result the home page reuses", async () => {
    const total = await db.prisma.auditEvent.count();
    expect(total).toBeGreaterThan(1000);
    const out = await lines(verifyChainStream(db.prisma, { batchSize: 500 }));
    const progress = out.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(total / 500));
    const checked = progress.map((l) => l.checked);
    expect(checked).toEqual([...checked].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ type: "progress", checked: total, total });
    const result = out.at(-1)!;
    expect(result).toMatchObject({ type: "result", result: { ok: true, checked: total, total, brokenAt: null } });
    // The home page's cached check is now this walk's result.
    const cached = await auditChainIntegrity(db.prisma, { maxAgeMs: 60_000 });
    expect(cached.verifiedAt.toISOString()).toBe(result.type === "result" ? result.result.verifiedAt : "");
  });

  it("names the first broken link of an edited chain", async () => {
    await bypassingTrigger(`CREATE TABLE audit_backup AS SELECT * FROM "AuditEvent"; UPDATE "AuditEvent" SET action = 'request.approved' WHERE seq = 7`);
    try {
      const result = (await lines(verifyChainStream(db.prisma, { batchSize: 500 }))).at(-1)!;
      expect(result).toMatchObject({ type: "result", result: { ok: false, checked: 6, brokenAt: { seq: "7", reason: expect.any(String) } } });
    } finally {
      await bypassingTrigger(`DELETE FROM "AuditEvent"; INSERT INTO "AuditEvent" SELECT * FROM audit_backup; DROP TABLE audit_backup`);
    }
  });
});
