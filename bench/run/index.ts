import { cpus, loadavg, totalmem } from "node:os";
import { generateOrganisation } from "../generate";
import type { Database } from "@/server/db/client";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { startDatabase, type BenchDatabase, type BenchDatabaseKind } from "./databases";
import { locked } from "./lock";
import { withTimeout, type Latency } from "./measure";
import { benchPack, type PackResult } from "./pack";
import { explainQueries, type ExplainedCase } from "./plans";
import { benchQueries, queryInputs, type QueryCase } from "./queries";
import { benchSubmission, type SubmissionResult } from "./submission";

export type { BenchDatabaseKind } from "./databases";

export interface BenchOptions {
  scale: number;
  databases: BenchDatabaseKind[];
  /** Loopback port of the throwaway PostgreSQL cluster. */
  port: number;
  seed?: number;
  /** The generated organisation's present (the generator's default when absent: a minute ago). */
  now?: Date;
  /** Tickets filed through submitRequest (and again by plain SQL). */
  tickets?: number;
  /** Measured runs of each query, after `warmup` unmeasured ones. */
  runs?: number;
  warmup?: number;
  /** Tickets in each evidence pack. */
  packSizes?: number[];
  /** flock(1) file held around every heavy phase, so two benchmarks never load the machine at once. */
  lockFile?: string;
  /** Upper bound of one phase; generation gets more at large scales. */
  phaseTimeoutMs?: number;
  log?: (line: string) => void;
}

/** The 1, 5 and 15 minute load averages when a phase started. */
export type Load = [number, number, number];

export interface DatabaseResult {
  kind: BenchDatabaseKind;
  version: string;
  generation: { seconds: number; tickets: number; events: number; load: Load };
  queries: { cases: QueryCase[]; load: Load };
  submission: SubmissionResult & { load: Load };
  verification: { events: number; seconds: number; perSecond: number; load: Load };
  packs: (PackResult & { load: Load })[];
  plans: ExplainedCase[] | null;
}

export interface BenchResult {
  scale: number;
  date: string;
  /** The generated organisation's present, when it was given. */
  now?: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  databases: DatabaseResult[];
}

const load = (): Load => loadavg().map((n) => Math.round(n * 100) / 100) as Load;

/**
 * The database-level figures of the portal at a generated organisation's scale, for each
 * database: ticket submission against the raw insert limit, inbox and explorer latency, chain
 * verification and evidence packs (and EXPLAIN plans on PostgreSQL). Every phase is bounded in
 * time, and the database it started is stopped or removed on every way out.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => undefined);
  const cpu = cpus();
  const result: BenchResult = {
    scale: options.scale,
    date: new Date().toISOString(),
    now: options.now?.toISOString(),
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    databases: [],
  };
  for (const kind of options.databases) result.databases.push(await benchDatabase(kind, options, log));
  return result;
}

async function benchDatabase(kind: BenchDatabaseKind, options: BenchOptions, log: (line: string) => void): Promise<DatabaseResult> {
  const timeout = options.phaseTimeoutMs ?? 10 * 60_000;
  const heavy = <T>(label: string, ms: number, work: () => Promise<T>) =>
    locked(options.lockFile, log, () => {
      log(`${kind}: ${label}`);
      return withTimeout(`${kind}: ${label}`, ms, work);
    });
  const bench: BenchDatabase = await withTimeout(`${kind}: start`, 3 * 60_000, () => startDatabase(kind, options.port));
  let db: Database | undefined;
  try {
    log(`${kind}: ${bench.version}`);
    db = await bench.open();
    const open = db;

    const generationLoad = load();
    const generated = await heavy(`generating the organisation at scale ${options.scale}`, Math.max(timeout, options.scale * 60 * 60_000), () =>
      generateOrganisation(open, { scale: options.scale, seed: options.seed ?? 1, now: options.now, log: (line) => log(`  ${line}`) }),
    );
    const generation = {
      seconds: generated.totalMs / 1000,
      tickets: generated.rows.AccessRequest?.rows ?? 0,
      events: generated.rows.AuditEvent?.rows ?? 0,
      load: generationLoad,
    };

    const inputs = await withTimeout(`${kind}: query inputs`, timeout, () => queryInputs(open));
    const queryLoad = load();
    const cases = await heavy("inbox and explorer latency", timeout, () => benchQueries(open, inputs, options.runs ?? 50, options.warmup ?? 5));
    const plans = bench.location.kind === "postgres" ? await heavy("EXPLAIN plans", timeout, () => explainQueries((bench.location as { url: string }).url, inputs)) : null;

    const submissionLoad = load();
    const submission = await heavy("ticket submission and the raw insert limit", timeout, () => benchSubmission(open, options.tickets ?? 300, log));

    const verificationLoad = load();
    const verification = await heavy("audit chain verification", timeout, async () => {
      const started = performance.now();
      const verified = await verifyAuditChain(open.prisma);
      const seconds = (performance.now() - started) / 1000;
      if (!verified.ok) throw new Error(`the audit chain is broken at seq ${verified.brokenAt.seq}: ${verified.brokenAt.reason}`);
      return { events: verified.checked, seconds, perSecond: verified.checked / seconds, load: verificationLoad };
    });

    // A PGlite folder is opened by one process at a time: the pack's own process opens it.
    await db.close();
    db = undefined;
    const packs: DatabaseResult["packs"] = [];
    for (const size of options.packSizes ?? [1_000, 10_000]) {
      const packLoad = load();
      const pack = await heavy(`evidence pack of ${size} tickets`, timeout, () => benchPack(bench.location, size, timeout));
      packs.push({ ...pack, load: packLoad });
    }
    return {
      kind,
      version: bench.version,
      generation,
      queries: { cases, load: queryLoad },
      submission: { ...submission, load: submissionLoad },
      verification,
      packs,
      plans,
    };
  } finally {
    await db?.close().catch(() => undefined);
    await bench.dispose();
  }
}

export type { Latency };
