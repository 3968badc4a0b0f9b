// `npm run bench -- [--scale 0.1] [--db pglite|postgres|both] [--port 55491] [--tickets 300] [--runs 50]
//   [--now 2026-11-29T09:00:00Z] [--lock /tmp/bench.lock] [--no-http]`: the database-level figures (submission against the raw insert
// limit, inbox and explorer latency, chain verification, evidence packs, EXPLAIN plans) written to
// bench/results.md and bench/plans.md, then the HTTP figures of `npm run bench:http` for the same
// scale and databases (bench/results-http.md).
import path from "node:path";
import { runHttpBench } from "../bench/http";
import { runBench, type BenchDatabaseKind } from "../bench/run";
import { consoleTable, writePlans, writeResults } from "../bench/run/report";

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
}

function positive(argv: string[], name: string, fallback: number): number {
  const raw = option(argv, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: "${raw}" is not a positive number`);
  return n;
}

/** Smaller organisations are smoke runs: they do not load the machine enough to need the lock. */
const SMOKE_SCALE = 0.01;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const scale = positive(argv, "scale", 0.1);
  const dbArg = option(argv, "db") ?? "both";
  if (!["pglite", "postgres", "both"].includes(dbArg)) throw new Error(`--db: "${dbArg}" is not pglite, postgres or both`);
  const databases: BenchDatabaseKind[] = dbArg === "both" ? ["postgres", "pglite"] : [dbArg as BenchDatabaseKind];
  const port = Math.floor(positive(argv, "port", 55491));
  const lockFile = option(argv, "lock") ?? (scale > SMOKE_SCALE ? "/tmp/bench.lock" : undefined);
  const nowArg = option(argv, "now");
  const now = nowArg === undefined ? undefined : new Date(nowArg);
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now: "${nowArg}" is not a date (use an ISO date)`);
  const log = (line: string) => console.log(line);
  const root = path.resolve(import.meta.dirname, "..");

  const result = await runBench({
    scale,
    databases,
    port,
    now,
    tickets: Math.floor(positive(argv, "tickets", 300)),
    runs: Math.floor(positive(argv, "runs", 50)),
    lockFile,
    log,
  });
  console.log(`\n${consoleTable(result)}\n`);
  await writeResults(path.join(root, "bench", "results.md"), result);
  const planned = await writePlans(path.join(root, "bench", "plans.md"), result);
  console.log(planned ? "Written to bench/results.md and bench/plans.md." : "Written to bench/results.md (bench/plans.md keeps the plans of a larger scale, or this run made none).");

  if (argv.includes("--no-http")) return;
  for (const db of databases) {
    console.log(`\nHTTP figures on ${db} (npm run bench:http)`);
    await runHttpBench({ scale, db, pgPort: port, log });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
