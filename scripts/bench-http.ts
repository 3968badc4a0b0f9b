// `npm run bench:http -- [--scale 0.1] [--db pglite|postgres] [--port 55493] [--duration 20] [--warmup 5] [--connections 1,10] [--seed 1] [--now <ISO date>]`:
// generates the organisation into a fresh database (a throwaway PostgreSQL cluster on the given
// loopback port, or PGlite in a temp folder), serves it with `next start` on 127.0.0.1 and loads
// the approver's inbox, a ticket page and the inbox query with autocannon. Prints the figures and
// writes them to bench/results-http.md.
import { runHttpBench } from "../bench/http";

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
}

function positive(argv: string[], name: string, fallback: number, whole = false): number {
  const raw = option(argv, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
    throw new UsageError(`--${name}: "${raw}" is not a positive ${whole ? "whole " : ""}number`);
  }
  return n;
}

function connectionCounts(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const counts = raw.split(",").map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new UsageError(`--connections: "${raw}" is not a list of whole numbers from 1 to 1000, e.g. 1,10`);
  }
  return counts;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const db = option(argv, "db") ?? "postgres";
  if (db !== "postgres" && db !== "pglite") throw new UsageError(`--db: "${db}" is neither postgres nor pglite`);
  const pgPort = positive(argv, "port", 55493, true);
  if (pgPort > 65_535) throw new UsageError(`--port: ${pgPort} is not a port from 1 to 65535`);
  await runHttpBench({
    scale: positive(argv, "scale", 0.1),
    db,
    pgPort,
    durationSeconds: positive(argv, "duration", 20, true),
    warmupSeconds: positive(argv, "warmup", 5, true),
    connections: connectionCounts(option(argv, "connections")),
    seed: positive(argv, "seed", 1, true),
    now: option(argv, "now"),
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(1);
  },
);
