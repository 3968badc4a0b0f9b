import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { appendAuditEventNow, type AppendedAuditEvent } from "@/server/domain/audit/append";
import { createEmptyDatabase, createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

const root = path.resolve(import.meta.dirname, "../..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run audit:verify` as an operator runs it, against the database named in `env`. */
function runVerify(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "npx",
      ["tsx", "scripts/audit-verify.ts"],
      { cwd: root, env: { ...process.env, DATABASE_URL: "", ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function appendSome(prisma: TestDatabase["prisma"], count: number): Promise<AppendedAuditEvent[]> {
  const events: AppendedAuditEvent[] = [];
  for (let i = 1; i <= count; i++) {
    events.push(
      await appendAuditEventNow(prisma, { actorType: "SYSTEM", action: "job.completed", entityType: "Job", entityId: `job-${i}`, data: { i } }),
    );
  }
  return events;
}

// Each case starts `npx tsx` and opens a database in a child process: allow for a busy machine.
const CHILD_TIMEOUT = 120_000;

describe("npm run audit:verify", { timeout: CHILD_TIMEOUT }, () => {
  it("exits 2 without creating anything when the embedded database folder does not exist", async () => {
    const missing = path.join(tmpdir(), `portal-no-db-${process.pid}-${Date.now()}`, "pglite");
    const run = await runVerify({ PGLITE_DATA_DIR: missing });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`No embedded database in ${missing}`);
    expect(run.stdout).toBe("");
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  describe.skipIf(onPostgres)("on the embedded PGlite database", () => {
    let dir: string;
    let head: AppendedAuditEvent;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "portal-audit-verify-"));
      const db = await openDatabase({ dataDir: path.join(dir, "pglite") });
      try {
        await migrate(db);
        head = (await appendSome(db.prisma, 3)).at(-1)!;
      } finally {
        await db.close();
      }
    });

    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("exits 0 and prints the head of an intact chain", async () => {
      const run = await runVerify({ PGLITE_DATA_DIR: path.join(dir, "pglite") });
      expect(run.stdout.trim()).toBe(`Audit chain intact: 3 events, head ${head.hash}`);
      expect(run.code).toBe(0);
    });

    it("exits 2 while another process has the folder open", async () => {
      const db = await openDatabase({ dataDir: path.join(dir, "pglite") });
      try {
        const run = await runVerify({ PGLITE_DATA_DIR: path.join(dir, "pglite") });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("is open in another process");
      } finally {
        await db.close();
      }
    });
  });

  describe.skipIf(!onPostgres)("on PostgreSQL", () => {
    let db: TestDatabase;
    let events: AppendedAuditEvent[];

    beforeAll(async () => {
      db = await createTestDatabase();
      events = await appendSome(db.prisma, 5);
    });

    afterAll(async () => {
      await db?.drop();
    });

    it("exits 0 and prints the head of an intact chain", async () => {
      const run = await runVerify({ DATABASE_URL: db.url! });
      expect(run.stdout.trim()).toBe(`Audit chain intact: 5 events, head ${events[4]!.hash}`);
      expect(run.code).toBe(0);
    });

    it("exits 1 and names the tampered event", async () => {
      await db.withSession((session) =>
        session.exec(`BEGIN;
          ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
          UPDATE "AuditEvent" SET data = '{"i": 333}' WHERE seq = 3;
          ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";
          COMMIT;`),
      );
      const run = await runVerify({ DATABASE_URL: db.url! });
      expect(run.stdout).toContain(`Audit chain BROKEN at seq 3 (event ${events[2]!.id}): hash mismatch`);
      expect(run.code).toBe(1);
    });

    it("exits 2 and changes nothing when the database is not migrated", async () => {
      const empty = await createEmptyDatabase();
      try {
        const run = await runVerify({ DATABASE_URL: empty.url! });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('The database has no "AuditEvent" table');
        const tables = await empty.prisma.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`;
        expect(Number(tables[0]!.n)).toBe(0);
      } finally {
        await empty.drop();
      }
    });
  });
});
