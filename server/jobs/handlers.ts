import { z } from "zod";
import { connectorFor } from "@/server/connectors/registry";
import { FULFILMENT_GRANT_JOB } from "@/server/domain/fulfilment/fulfil";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import { EXPIRY_SWEEP_JOB, queueExpiredRevocations, REVOKE_GRANT_JOB } from "@/server/domain/fulfilment/revoke";
import { ROTATION_SWEEP_JOB, sweepRotations } from "@/server/domain/fulfilment/rotation-sweep";
import { EMAIL_NOTIFICATION_JOB } from "@/server/domain/notifications/email-job";
import { emailNotification } from "@/server/domain/notifications/send-email";
import { SLA_SWEEP_JOB, sweepSla } from "@/server/domain/workflow/sla";
import type { RecurringJob } from "./schedule";
import { PermanentJobError, type JobHandlers } from "./types";

const emailPayload = z.object({ notificationId: z.string().min(1) });

/** The portal's job types; jobs of any other type wait, QUEUED, for a runner that knows them. */
export function defaultHandlers(log: (line: string) => void = console.log): JobHandlers {
  return {
    [SLA_SWEEP_JOB]: async ({ db, now }) => {
      const started = Date.now();
      const r = await sweepSla(db, now, { log });
      if (r.tickets > 0 || r.failed > 0) {
        log(`SLA sweep: ${r.reminded} reminded, ${r.escalated} escalated, ${r.expired} expired, ${r.failed} failed, in ${Date.now() - started} ms.`);
      }
      // A ticket that failed stays due: the job fails so it is retried (and visible), the others are done.
      if (r.failed > 0) throw new Error(`${r.failed} ticket(s) failed in the SLA sweep`);
    },
    [FULFILMENT_GRANT_JOB]: async ({ db, job, now }) => {
      const outcome = await runFulfilmentJob(db, job, now, connectorFor);
      if (outcome.state !== "skipped") log(`Fulfilment of ${job.requestId ?? "a ticket"}: ${outcome.state}.`);
    },
    [EXPIRY_SWEEP_JOB]: async ({ db, now }) => {
      const queued = await queueExpiredRevocations(db, now);
      if (queued > 0) log(`Expiry sweep: ${queued} revocation(s) queued.`);
    },
    [ROTATION_SWEEP_JOB]: async ({ db, now }) => {
      const r = await sweepRotations(db, now, { log });
      if (r.due > 0) log(`Rotation sweep: ${r.due} due, ${r.filed} rotation ticket(s) filed, ${r.failed} failed.`);
    },
    [REVOKE_GRANT_JOB]: async ({ db, job, now }) => {
      const outcome = await runRevokeJob(db, job, now, connectorFor);
      if (outcome.state === "revoked") log(`Revoked grant ${String((job.payload as { grantId?: string }).grantId)}: ${outcome.summary}`);
    },
    [EMAIL_NOTIFICATION_JOB]: async ({ db, job, now }) => {
      const payload = emailPayload.safeParse(job.payload);
      if (!payload.success) throw new PermanentJobError("The payload names no notificationId.");
      await emailNotification(db, payload.data.notificationId, now);
    },
  };
}

/** The SLA and expiry sweeps run once a minute across all instances, the rotation sweep once an hour. */
export const RECURRING_JOBS: readonly RecurringJob[] = [
  { type: SLA_SWEEP_JOB, periodMs: 60_000, maxAttempts: 3 },
  { type: EXPIRY_SWEEP_JOB, periodMs: 60_000, maxAttempts: 3 },
  { type: ROTATION_SWEEP_JOB, periodMs: 3_600_000, maxAttempts: 3 },
];
