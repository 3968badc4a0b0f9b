import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type SqlSession } from "@/server/db/client";
import { migrate, sha256 } from "@/server/db/migrate";
import { createEmptyDatabase, createTestDatabase, onPostgres, type TestDatabase } from "../helpers/test-db";

const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  cleanup.push(() => db.drop());
  return db;
}

/** A migrations folder in /tmp holding the given `name -> SQL` migrations. */
async function tempMigrations(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "portal-migrations-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const tableExists = (s: SqlSession, name: string) =>
  s.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [`"${name}"`]).then((r) => r[0]?.found);

const records = (s: SqlSession) =>
  s.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
    `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );

describe("migrate", () => {
  it("applies every migration once and records it with Prisma's checksum", async () => {
    const db = await emptyDatabase();
    const folders = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const lines: string[] = [];

    expect(await migrate(db, { log: (l) => lines.push(l) })).toEqual({ applied: folders });
    expect(lines).toEqual(folders.map((f) => `Applied migration ${f}`));
    expect(await migrate(db)).toEqual({ applied: [] });

    const rows = await db.withSession(records);
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const row of rows) {
      const content = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(sha256(content));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("leaves no trace of a failing migration and names it in the error", async () => {
    const db = await emptyDatabase();
    const dir = await tempMigrations({
      "001_good": `CREATE TABLE "Good" ("id" INTEGER PRIMARY KEY);`,
      "002_broken": `CREATE TABLE "Partial" ("id" INTEGER);\nINSERT INTO "Good" VALUES (1);\nCREATE TABLE "Broken" ("x" no_such_type);`,
    });

    const error = await migrate(db, { migrationsDir: dir }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Migration 002_broken failed and was rolled back/);
    expect((error as Error).message).toMatch(/type "no_such_type" does not exist/);
    expect((error as Error).message).toMatch(/at line 3: CREATE TABLE "Broken"/);

    await db.withSession(async (s) => {
      expect(await tableExists(s, "Good")).toBe(true);
      expect(await tableExists(s, "Partial")).toBe(false);
      expect(await s.query(`SELECT * FROM "Good"`)).toEqual([]);
      expect((await records(s)).map((r) => r.migration_name)).toEqual(["001_good"]);
    });

    // Once fixed, the migration applies from where it stopped.
    await writeFile(path.join(dir, "002_broken", "migration.sql"), `CREATE TABLE "Partial" ("id" INTEGER);`);
    expect(await migrate(db, { migrationsDir: dir })).toEqual({ applied: ["002_broken"] });
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const db = await emptyDatabase();
    const dir = await tempMigrations({ "001_first": `CREATE TABLE "First" ("id" INTEGER);` });
    await migrate(db, { migrationsDir: dir });
    await writeFile(path.join(dir, "001_first", "migration.sql"), `CREATE TABLE "First" ("id" BIGINT);`);

    await expect(migrate(db, { migrationsDir: dir })).rejects.toThrow(/Migration 001_first was modified after it was applied/);
  });

  it("reports a migration folder without migration.sql", async () => {
    const db = await emptyDatabase();
    const dir = await tempMigrations({});
    await mkdir(path.join(dir, "001_empty"));
    await expect(migrate(db, { migrationsDir: dir })).rejects.toThrow(/Migration 001_empty has no readable migration.sql/);
  });

  it.runIf(onPostgres)("applies each migration exactly once when two instances start together", async () => {
    const first = await emptyDatabase();
    const second = await openDatabase({ url: first.url });
    cleanup.push(() => second.close());

    const [a, b] = await Promise.all([migrate(first), migrate(second)]);
    const all = [...a.applied, ...b.applied].sort();
    const folders = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(all).toEqual(folders);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, folders.length]);
    expect((await first.withSession(records)).map((r) => r.migration_name)).toEqual(folders);
  });
});

describe("integrity triggers", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.withSession((s) =>
      s.exec(`
        INSERT INTO "User" ("id", "email", "name", "department", "updatedAt") VALUES ('u1', 'a@example.test', 'A', 'IT', now());
        INSERT INTO "PolicyVersion" ("id", "version", "contentHash", "document", "publishedById") VALUES ('p1', 1, 'h1', '{}', 'u1');
        INSERT INTO "AuditEvent" ("id", "seq", "occurredAt", "actorType", "action", "entityType", "entityId", "data", "prevHash", "hash")
          VALUES ('e1', 1, now(), 'SYSTEM', 'test', 'User', 'u1', '{}', '', 'h1');`),
    );
  });
  afterAll(async () => db?.drop());

  const attempt = (sql: string) => db.withSession((s) => s.exec(sql));

  it.each([
    ["AuditEvent", "append-only", `UPDATE "AuditEvent" SET "action" = 'edited'`, "UPDATE"],
    ["AuditEvent", "append-only", `DELETE FROM "AuditEvent"`, "DELETE"],
    ["AuditEvent", "append-only", `TRUNCATE "AuditEvent"`, "TRUNCATE"],
    ["PolicyVersion", "immutable", `UPDATE "PolicyVersion" SET "note" = 'edited'`, "UPDATE"],
    ["PolicyVersion", "immutable", `DELETE FROM "PolicyVersion"`, "DELETE"],
    ["PolicyVersion", "immutable", `TRUNCATE "PolicyVersion" CASCADE`, "TRUNCATE"],
  ])("%s is %s: %s is refused", async (table, rule, sql, op) => {
    await expect(attempt(sql)).rejects.toThrow(`${table} is ${rule}: ${op} is not allowed`);
  });

  it("still accepts inserts and keeps the rows unchanged", async () => {
    await attempt(`INSERT INTO "PolicyVersion" ("id", "version", "contentHash", "document", "publishedById") VALUES ('p2', 2, 'h2', '{}', 'u1')`);
    const rows = await db.withSession((s) => s.query<{ action: string }>(`SELECT "action" FROM "AuditEvent"`));
    expect(rows).toEqual([{ action: "test" }]);
    const versions = await db.prisma.policyVersion.findMany({ orderBy: { version: "asc" }, select: { id: true, note: true } });
    expect(versions).toEqual([{ id: "p1", note: null }, { id: "p2", note: null }]);
  });

  it("refuses an update through Prisma too", async () => {
    await expect(db.prisma.auditEvent.update({ where: { id: "e1" }, data: { action: "edited" } })).rejects.toThrow(/AuditEvent is append-only/);
  });
});
