import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database, SqlSession } from "./client";

/**
 * The advisory lock key Prisma Migrate itself takes on PostgreSQL, so this migrator and
 * `prisma migrate deploy` exclude each other as well as two app instances starting together.
 */
export const MIGRATION_LOCK_KEY = 72707369;

/** `_prisma_migrations` exactly as Prisma Migrate creates it. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  /** Defaults to prisma/migrations under the current working directory. */
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRecord {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly migration?: string,
  ) {
    super(message);
  }
}

/**
 * Applies every migration folder not yet recorded in `_prisma_migrations`, in name order.
 * Each migration and its record commit together, so a failure leaves the database as it was.
 */
export async function migrate(db: Pick<Database, "withSession">, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const dir = options.migrationsDir ?? path.join(process.cwd(), "prisma", "migrations");
  const log = options.log ?? (() => undefined);
  const migrations = await readMigrations(dir);

  return db.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const pending = planMigrations(migrations, await readRecords(session), log);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyMigration(session, migration);
        applied.push(migration.name);
        log(`Applied migration ${migration.name}`);
      }
      if (applied.length === 0) log("No pending migrations: the database is up to date.");
      return { applied };
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

/** Reads `<dir>/<name>/migration.sql` for every sub-folder, sorted by name as Prisma does. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read the migrations folder ${dir}: ${errorText(error)}`);
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch (error) {
        throw new MigrationError(`Migration ${name} has no readable migration.sql (${errorText(error)})`, name);
      }
      return { name, sql: content.toString("utf8"), checksum: sha256(content) };
    }),
  );
}

/** Prisma's checksum: SHA-256 of the file's bytes, as lowercase hex. */
export function sha256(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

function planMigrations(files: MigrationFile[], records: MigrationRecord[], log: (line: string) => void): MigrationFile[] {
  // A rolled-back record means "not applied" to Prisma: the migration runs again.
  const live = records.filter((r) => r.rolled_back_at === null);
  const unfinished = live.find((r) => r.finished_at === null);
  if (unfinished) {
    throw new MigrationError(
      `Migration ${unfinished.migration_name} is recorded as started but never finished. ` +
        `Repair the database by hand, then mark it with \`prisma migrate resolve --applied|--rolled-back ${unfinished.migration_name}\`.`,
      unfinished.migration_name,
    );
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const record of live) {
    const file = byName.get(record.migration_name);
    if (!file) {
      log(`Warning: migration ${record.migration_name} is recorded in the database but missing from the migrations folder.`);
    } else if (!checksumMatches(file, record.checksum)) {
      throw new MigrationError(
        `Migration ${file.name} was modified after it was applied (checksum ${record.checksum} recorded, ` +
          `${file.checksum} on disk). Restore the file, and put changes in a new migration.`,
        file.name,
      );
    }
  }
  const done = new Set(live.map((r) => r.migration_name));
  return files.filter((f) => !done.has(f.name));
}

// Prisma also accepts the checksum of the script with CRLF line endings turned into LF.
function checksumMatches(file: MigrationFile, recorded: string): boolean {
  return recorded === file.checksum || recorded === sha256(file.sql.replace(/\r\n/g, "\n"));
}

async function readRecords(session: SqlSession): Promise<MigrationRecord[]> {
  return session.query<MigrationRecord>(
    `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`,
  );
}

async function applyMigration(session: SqlSession, migration: MigrationFile): Promise<void> {
  await session.exec("BEGIN");
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count")
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => undefined);
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back, the database is unchanged: ` +
        `${errorText(error)}${locate(migration.sql, error)}`,
      migration.name,
    );
  }
}

/** " (at line N: <text>)" when PostgreSQL reports a character position in the script. */
function locate(sql: string, error: unknown): string {
  const position = Number((error as { position?: unknown })?.position);
  if (!Number.isInteger(position) || position < 1 || position > sql.length + 1) return "";
  const before = sql.slice(0, position - 1);
  const line = before.split("\n").length;
  const text = sql.split("\n")[line - 1]?.trim() ?? "";
  return ` (at line ${line}: ${text})`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
