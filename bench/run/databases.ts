import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openDatabase, type Database } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";

const run = promisify(execFile);
const CLUSTER_SCRIPT = path.resolve(import.meta.dirname, "../../scripts/pg-test-cluster.sh");

export type BenchDatabaseKind = "pglite" | "postgres";

/** Where a benchmark database lives, so a child process can open the same one. */
export type DatabaseLocation = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface BenchDatabase {
  location: DatabaseLocation;
  version: string;
  open(): Promise<Database>;
  /** Stops the server or removes the folder; safe to call twice. */
  dispose(): Promise<void>;
}

export function openLocation(location: DatabaseLocation): Promise<Database> {
  return location.kind === "postgres" ? openDatabase({ url: location.url }) : openDatabase({ dataDir: location.dataDir });
}

/**
 * A fresh, migrated, empty database: a throwaway PostgreSQL cluster on a loopback port (the
 * same script CI uses), or PGlite in a new temporary folder.
 */
export async function startDatabase(kind: BenchDatabaseKind, port: number): Promise<BenchDatabase> {
  let location: DatabaseLocation;
  let dispose: () => Promise<void>;
  if (kind === "postgres") {
    const { stdout } = await run(CLUSTER_SCRIPT, ["start", String(port)], { timeout: 120_000 });
    location = { kind, url: stdout.trim() };
    dispose = async () => void (await run(CLUSTER_SCRIPT, ["stop", String(port)], { timeout: 120_000 }));
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "portal-bench-pglite-"));
    location = { kind, dataDir: path.join(dir, "data") };
    dispose = () => rm(dir, { recursive: true, force: true });
  }
  let disposed = false;
  const bench: BenchDatabase = {
    location,
    version: "",
    open: () => openLocation(location),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await dispose();
    },
  };
  try {
    const db = await bench.open();
    try {
      await migrate(db);
      const [row] = await db.withSession((s) => s.query<{ version: string }>("SELECT version()"));
      bench.version = (row?.version ?? "unknown").split(" on ")[0]!.split(",")[0]!;
    } finally {
      await db.close();
    }
  } catch (error) {
    await bench.dispose();
    throw error;
  }
  return bench;
}
