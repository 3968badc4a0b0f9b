import type { PrismaClient } from "@/server/db/generated/client";

/** A claimed job as its handler sees it. */
export interface ClaimedJob {
  id: string;
  type: string;
  payload: unknown;
  /** Including the current one. */
  attempts: number;
  maxAttempts: number;
  requestId: string | null;
}

export interface JobContext {
  db: PrismaClient;
  job: ClaimedJob;
  /** The runner's clock at the time the job was claimed. */
  now: Date;
}

/**
 * Does the job's work. A handler may run more than once for one job (a retry after a failure,
 * or after its runner died mid-way), so it must be idempotent: check before acting, and make
 * its writes in transactions that leave nothing half-done.
 */
export type JobHandler = (context: JobContext) => Promise<void>;

export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** A failure that no retry can fix (bad payload, a thing that no longer exists): FAILED at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
