import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { checkResponses, trpcQueryPath, type Expectation } from "./checks";
import { createBenchDatabase, generateInto, pickSubjects, type BenchDatabaseKind } from "./database";
import { measure } from "./load";
import { holdLock, type HeldLock } from "./processes";
import { figuresTable, writeResults, type HttpBenchResult, type TargetFigures } from "./report";
import { buildIsStale } from "../../scripts/build-stale";
import { buildApp, startServer, type RunningServer } from "./server";
import { signIn } from "./session";

export type { HttpBenchResult } from "./report";

export interface HttpBenchOptions {
  scale?: number;
  db?: BenchDatabaseKind;
  /** The loopback port of the throwaway PostgreSQL cluster. */
  pgPort?: number;
  durationSeconds?: number;
  warmupSeconds?: number;
  /** Each target is measured once per entry: 1 shows one user's latency, more the throughput under load. */
  connections?: number[];
  seed?: number;
  /** The generator's --now (ISO date); the moment of the run by default. */
  now?: string;
  /** The project folder; the one holding this file's bench/ by default. */
  root?: string;
  /** Where the figures go; null writes no file. */
  resultsFile?: string | null;
  log?: (line: string) => void;
}

const BENCH_LOCK = "/tmp/bench.lock";
const BUILD_LOCK = "/tmp/next-build.lock";
/** Smaller organisations are smoke runs: they do not load the machine enough to need the lock. */
const SMOKE_SCALE = 0.01;

function machine(database: string): string {
  const cpu = cpus();
  const parts = [`${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}`, `${Math.round(totalmem() / 2 ** 30)} GiB`, `Node.js ${process.version}`];
  if (database === "postgres") {
    try {
      parts.push(execFileSync("postgres", ["--version"], { encoding: "utf8" }).trim().replace(/^postgres \(PostgreSQL\) /, "PostgreSQL "));
    } catch {
      // the version is a detail of the report
    }
  }
  return parts.join(", ");
}

/**
 * The HTTP figures of the portal: requests per second and latency of the approver's inbox page,
 * a ticket page read by an auditor and the inbox's tRPC query, on `next start` over a generated
 * organisation. Stops the server and removes the database on every way out.
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult> {
  const scale = options.scale ?? 0.1;
  const kind = options.db ?? "postgres";
  const pgPort = options.pgPort ?? 55493;
  const durationSeconds = options.durationSeconds ?? 20;
  const warmupSeconds = options.warmupSeconds ?? 5;
  const connectionCounts = options.connections ?? [1, 10];
  const seed = options.seed ?? 1;
  const root = options.root ?? path.resolve(import.meta.dirname, "..", "..");
  const log = options.log ?? ((line: string) => console.log(line));
  const heavy = scale > SMOKE_SCALE;
  const locks: HeldLock[] = [];
  const releaseLocks = async () => {
    while (locks.length > 0) await locks.pop()!.release();
  };
  let server: RunningServer | undefined;

  const database = await createBenchDatabase(kind, pgPort, root);
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await server?.stop();
      await releaseLocks();
      await database.dispose();
    })());
  // Interrupted (Ctrl-C, a timeout): the server and the PostgreSQL cluster must not outlive the run.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server and the database...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    log(`Database: ${kind === "postgres" ? `PostgreSQL on 127.0.0.1:${pgPort}` : `PGlite in ${database.env.PGLITE_DATA_DIR}`}.`);
    if (heavy) locks.push(await holdLock(BENCH_LOCK, log));
    const generating = Date.now();
    log(`Generating the organisation at scale ${scale} (seed ${seed})...`);
    await generateInto(database, root, scale, seed, options.now);
    log(`Generated in ${((Date.now() - generating) / 1000).toFixed(0)} s.`);
    await releaseLocks();

    const subjects = await pickSubjects(database);
    log(`Approver ${subjects.approver.email} (${subjects.approver.openAssignments} open assignments); auditor ${subjects.auditor.email}; tickets ${subjects.tickets.map((t) => t.reference).join(", ")}.`);

    // The server serves .next: no build may replace it while it runs, so the build lock is held
    // from the staleness check until the server has stopped.
    if (heavy) locks.push(await holdLock(BENCH_LOCK, log));
    locks.push(await holdLock(BUILD_LOCK, log));
    if (buildIsStale(root)) {
      log("Building the app (.next is missing or older than the sources)...");
      await buildApp(root);
    }
    server = await startServer(root, database.env, log);
    const approverCookie = await signIn(server.origin, subjects.approver.email);
    const auditorCookie = await signIn(server.origin, subjects.auditor.email);

    const inboxQuery = trpcQueryPath("approvals.inbox", { page: 1, pageSize: 25 });
    const ticketPaths = subjects.tickets.map((t) => `/requests/${t.reference}`);
    const inboxPaths = ["/approvals"];
    const checks: [string, Expectation[]][] = [
      [approverCookie, [{ path: "/approvals", contains: ["Waiting on me"] }, { path: inboxQuery, contains: ['"total"', '"reference":"AR-'] }]],
      [auditorCookie, subjects.tickets.map((t) => ({ path: `/requests/${t.reference}`, contains: [t.reference, "Timeline"] }))],
    ];
    for (const [cookie, expectations] of checks) await checkResponses(server.origin, cookie, expectations);

    const plan = [
      { name: "Inbox page (GET /approvals)", persona: "approver", cookie: approverCookie, paths: inboxPaths },
      { name: "Ticket page (GET /requests/AR-…)", persona: "auditor", cookie: auditorCookie, paths: ticketPaths },
      { name: "Inbox query (tRPC approvals.inbox)", persona: "approver", cookie: approverCookie, paths: [inboxQuery] },
    ];
    const targets: TargetFigures[] = [];
    for (const target of plan) {
      for (const connections of connectionCounts) {
        log(`Measuring ${target.name}: ${warmupSeconds} s warm-up, ${durationSeconds} s measured, ${connections} connection(s)...`);
        const loadBefore = loadavg();
        const figures = await measure({ origin: server.origin, cookie: target.cookie, paths: target.paths, connections, warmupSeconds, durationSeconds });
        targets.push({ ...figures, name: target.name, persona: target.persona, paths: target.paths, connections, loadBefore, loadAfter: loadavg() });
      }
    }
    // The same pages once more after the load: still real pages, not a refusal.
    for (const [cookie, expectations] of checks) await checkResponses(server.origin, cookie, expectations);
    await server.stop();
    server = undefined;
    await releaseLocks();

    const result: HttpBenchResult = {
      key: `${kind}:${scale}`,
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      machine: machine(kind),
      database: kind === "postgres" ? "PostgreSQL" : "PGlite",
      scale,
      seed,
      rows: subjects.rows,
      approver: subjects.approver,
      tickets: subjects.tickets,
      warmupSeconds,
      durationSeconds,
      targets,
    };
    log(figuresTable(result));
    const failed = targets.filter((t) => t.non2xx > 0 || t.errors > 0 || t.requests === 0);
    if (failed.length > 0) {
      throw new Error(
        `Not every response was a 200: ${failed.map((t) => `${t.name}: ${t.non2xx} non-2xx ${JSON.stringify(t.otherStatuses)}, ${t.errors} errors (${t.timeouts} timeouts)`).join("; ")}. No figures written.`,
      );
    }
    if (options.resultsFile !== null) {
      const file = options.resultsFile ?? path.join(root, "bench", "results-http.md");
      writeResults(file, result);
      log(`Figures written to ${path.relative(root, file)}.`);
    }
    return result;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}
