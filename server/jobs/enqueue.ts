import { randomUUID } from "node:crypto";
import type { Prisma } from "@/server/db/generated/client";
import { insertRows } from "@/server/db/insert-rows";

export interface EnqueueInput {
  type: string;
  payload: Prisma.InputJsonValue;
  /** At most one job ever exists per key: a second enqueue with the same key does nothing. */
  dedupeKey?: string | null;
  /** Not before this time (default: now, as the database sees it). */
  runAt?: Date;
  /** The ticket the job works on, so the ticket's jobs can be listed. */
  requestId?: string | null;
  maxAttempts?: number;
}

type JobWriter = Pick<Prisma.TransactionClient, "$queryRawUnsafe">;

/**
 * Queues jobs inside the caller's transaction, so a job exists exactly when the change that
 * needs it commits. Idempotent on dedupeKey (INSERT … ON CONFLICT DO NOTHING): returns how
 * many of the jobs were new.
 */
export async function enqueueMany(tx: JobWriter, jobs: EnqueueInput[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const updatedAt = new Date();
  const rows = jobs.map((job) => ({
    id: randomUUID(),
    type: job.type,
    payload: job.payload,
    dedupeKey: job.dedupeKey ?? null,
    requestId: job.requestId ?? null,
    updatedAt,
    ...(job.runAt ? { runAt: job.runAt } : {}),
    ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
  }));
  return (await insertRows(tx, "Job", rows, { skipDuplicates: true })).length;
}

/** Queues one job; false when a job with its dedupeKey already existed. */
export async function enqueue(tx: JobWriter, job: EnqueueInput): Promise<boolean> {
  return (await enqueueMany(tx, [job])) === 1;
}
