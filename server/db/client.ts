import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "../env";
import { PrismaClient } from "./generated/client";

export type { Prisma } from "./generated/client";
export { PrismaClient };

/** Raw SQL on the same database, for the migrator, triggers and locks Prisma cannot express. */
export interface SqlSession {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Runs fn on one dedicated connection (a session: advisory locks and BEGIN/COMMIT hold). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (or in memory for "memory://"). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir ?? "memory://");
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async (sql, params) => (await client.query(sql, params)).rows,
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  // PGlite creates its own folder but not the folders above it (.data/ on a fresh clone).
  if (!dataDir.includes("://")) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let sessionQueue: Promise<unknown> = Promise.resolve();
  return {
    kind: "pglite",
    prisma,
    // PGlite has one connection per process: queue sessions so their BEGIN/COMMIT blocks never
    // interleave with each other. (pglite.runExclusive would deadlock: query() takes its mutex.)
    withSession(fn) {
      const run = sessionQueue.then(() =>
        fn({
          exec: async (sql) => void (await pglite.exec(sql)),
          query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
        }),
      );
      sessionQueue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

const globalForDb = globalThis as unknown as { portalDb?: Promise<Database> };

/**
 * The process-wide database. A PGlite data folder must never be opened twice in one process,
 * so the promise lives on globalThis (it survives module reloads in development).
 */
export function getDatabase(): Promise<Database> {
  globalForDb.portalDb ??= (async () => {
    const { DATABASE_URL, PGLITE_DATA_DIR } = env();
    return openDatabase(DATABASE_URL ? { url: DATABASE_URL } : { dataDir: PGLITE_DATA_DIR });
  })();
  return globalForDb.portalDb;
}

/** Closes the process-wide database (a PGlite folder is released cleanly for other commands). */
export async function closeDatabase(): Promise<void> {
  const open = globalForDb.portalDb;
  globalForDb.portalDb = undefined;
  if (open) await (await open).close();
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}
