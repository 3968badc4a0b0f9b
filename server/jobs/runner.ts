import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/server/db/generated/client";
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import { systemClock, type Clock } from "./clock";
import { enqueue } from "./enqueue";
import { slotKey, slotStart, type RecurringJob } from "./schedule";
import { PermanentJobError, type ClaimedJob, type JobHandlers } from "./types";

export interface JobRunnerOptions {
  db: PrismaClient;
  /** Only jobs of these types are claimed; any other type stays QUEUED for a runner that knows it. */
  handlers: JobHandlers;
  recurring?: readonly RecurringJob[];
  clock?: Clock;
  /** Written to lockedBy; unique per runner so a runner only ever finishes its own claims. */
  workerId?: string;
  /** A job RUNNING longer than this is taken to have lost its runner and is queued again. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Bounds one tick, so a flood of jobs never starves the recovery and the schedule. */
  maxJobsPerTick?: number;
  log?: (line: string) => void;
}

export interface TickResult {
  scheduled: number;
  recovered: number;
  succeeded: number;
  retried: number;
  failed: number;
  dead: number;
}

export interface JobRunner {
  readonly workerId: string;
  /** One round: schedule recurring jobs, recover expired leases, then run due jobs one by one. */
  tick(): Promise<TickResult>;
  /** Ticks every pollMs until stopped. */
  start(pollMs: number): void;
  /** Stops polling and waits (at most timeoutMs) for the job in hand to finish. */
  stop(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
const FINISHED_RECURRING_KEPT_MS = 24 * 3_600_000;
const MAX_ERROR_LENGTH = 2_000;

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, handlers } = options;
  const clock = options.clock ?? systemClock;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxJobsPerTick = options.maxJobsPerTick ?? 100;
  const log = options.log ?? ((line: string) => console.log(line));
  const types = Object.keys(handlers);
  const recurring = (options.recurring ?? []).filter((r) => handlers[r.type]);

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  async function schedule(now: Date): Promise<number> {
    let scheduled = 0;
    for (const r of recurring) {
      const created = await enqueue(db, {
        type: r.type,
        payload: { slot: slotStart(now, r.periodMs).toISOString() },
        dedupeKey: slotKey(r.type, now, r.periodMs),
        runAt: slotStart(now, r.periodMs),
        maxAttempts: r.maxAttempts ?? 3,
      });
      if (!created) continue;
      scheduled++;
      // One row per period adds up; finished runs are kept a day for inspection. Failed and dead
      // ones stay until someone looks at them.
      await db.job.deleteMany({
        where: { type: r.type, status: "SUCCEEDED", finishedAt: { lt: new Date(now.getTime() - FINISHED_RECURRING_KEPT_MS) } },
      });
    }
    return scheduled;
  }

  /** Jobs whose runner died (or hung) past the lease go back to the queue, or die at their last attempt. */
  async function recover(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - leaseMs);
    return db.$executeRaw`
      UPDATE "Job" SET
        status = CASE WHEN attempts >= "maxAttempts" THEN 'DEAD'::"JobStatus" ELSE 'QUEUED'::"JobStatus" END,
        "finishedAt" = CASE WHEN attempts >= "maxAttempts" THEN ${now}::timestamptz ELSE NULL END,
        "lastError" = 'The runner ' || coalesce("lockedBy", 'unknown') || ' held the job past its lease without finishing it.',
        "runAt" = ${now}::timestamptz, "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${now}::timestamptz
      WHERE status = 'RUNNING' AND "lockedAt" < ${cutoff}::timestamptz`;
  }

  /**
   * Claims the next due job in one short statement: the row is locked with SKIP LOCKED, so
   * runners racing for the queue each get a different job, and it is RUNNING by the time the
   * statement commits. The handler then runs outside any transaction.
   */
  async function claim(now: Date): Promise<ClaimedJob | null> {
    if (types.length === 0) return null;
    const rows = await db.$queryRaw<ClaimedJob[]>`
      UPDATE "Job" SET status = 'RUNNING', "lockedAt" = ${now}::timestamptz, "lockedBy" = ${workerId},
        attempts = attempts + 1, "updatedAt" = ${now}::timestamptz
      WHERE id = (
        SELECT id FROM "Job"
        WHERE status = 'QUEUED' AND "runAt" <= ${now}::timestamptz AND type = ANY(${types}::text[])
        ORDER BY "runAt", "createdAt"
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id, type, payload, attempts, "maxAttempts", "requestId"`;
    return rows[0] ?? null;
  }

  /** Finishing only touches a job this runner still holds: a recovered lease is someone else's now. */
  const held = (job: ClaimedJob) => ({ id: job.id, status: "RUNNING" as const, lockedBy: workerId });

  async function run(job: ClaimedJob, claimedAt: Date): Promise<"succeeded" | "retried" | "failed" | "dead"> {
    try {
      await handlers[job.type]!({ db, job, now: claimedAt });
    } catch (error) {
      const now = clock();
      const message = describe(error);
      const permanent = error instanceof PermanentJobError;
      if (permanent || job.attempts >= job.maxAttempts) {
        const status = permanent ? "FAILED" : "DEAD";
        await db.job.updateMany({ where: held(job), data: { status, lastError: message, finishedAt: now, lockedAt: null, lockedBy: null } });
        log(`Job ${job.type} ${job.id} ${status} after attempt ${job.attempts}/${job.maxAttempts}: ${message}`);
        return permanent ? "failed" : "dead";
      }
      const runAt = new Date(now.getTime() + backoffDelayMs(job.attempts, backoff));
      await db.job.updateMany({ where: held(job), data: { status: "QUEUED", lastError: message, runAt, lockedAt: null, lockedBy: null } });
      log(`Job ${job.type} ${job.id} failed (attempt ${job.attempts}/${job.maxAttempts}), retry at ${runAt.toISOString()}: ${message}`);
      return "retried";
    }
    await db.job.updateMany({ where: held(job), data: { status: "SUCCEEDED", finishedAt: clock(), lastError: null, lockedAt: null, lockedBy: null } });
    return "succeeded";
  }

  async function tick(): Promise<TickResult> {
    const result: TickResult = { scheduled: 0, recovered: 0, succeeded: 0, retried: 0, failed: 0, dead: 0 };
    const now = clock();
    result.scheduled = await schedule(now);
    result.recovered = await recover(now);
    for (let i = 0; i < maxJobsPerTick && !stopping; i++) {
      const claimedAt = clock();
      const job = await claim(claimedAt);
      if (!job) break;
      result[await run(job, claimedAt)]++;
    }
    return result;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  return {
    workerId,
    tick,
    start(pollMs) {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          try {
            await tick();
          } catch (error) {
            // A database hiccup must not end the loop; the next tick tries again.
            log(`Job runner tick failed: ${describe(error)}`);
          }
          if (!stopping) await sleep(pollMs);
        }
      })();
    },
    async stop(timeoutMs = 30_000) {
      stopping = true;
      wake?.();
      const current = loop;
      loop = null;
      if (!current) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log(`Job runner ${workerId} did not finish its job within ${timeoutMs} ms; its lease will expire.`);
          resolve();
        }, timeoutMs);
      });
      await Promise.race([current, timedOut]);
      clearTimeout(timer);
    },
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
