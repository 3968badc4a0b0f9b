import type { PrismaClient } from "@/server/db/generated/client";
import { env } from "@/server/env";
import { defaultHandlers, RECURRING_JOBS } from "./handlers";
import { createJobRunner, type JobRunner } from "./runner";

/** The portal's runner with its handlers and schedule, configured from the environment. */
export function createPortalJobRunner(db: PrismaClient, log: (line: string) => void = console.log): JobRunner {
  const config = env();
  return createJobRunner({
    db,
    handlers: defaultHandlers(log),
    recurring: RECURRING_JOBS,
    leaseMs: config.JOBS_LEASE_MINUTES * 60_000,
    log,
  });
}

/**
 * Starts the runner inside the web server process unless JOBS_DISABLED is set (for instance
 * because `npm run jobs` runs it as a process of its own). On SIGTERM or SIGINT the runner
 * stops first and lets its job in hand finish; only then do the stop handlers installed before
 * it run (bootstrap's: close the database and exit).
 */
export function startJobsInServer(db: PrismaClient): JobRunner | null {
  const config = env();
  if (config.JOBS_DISABLED) {
    console.log("Jobs: disabled in this process (JOBS_DISABLED=true).");
    return null;
  }
  const runner = createPortalJobRunner(db);
  runner.start(config.JOBS_POLL_MS);
  console.log(`Jobs: runner ${runner.workerId} polling every ${config.JOBS_POLL_MS} ms.`);
  stopBeforeExisting(runner);
  return runner;
}

function stopBeforeExisting(runner: JobRunner): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const earlier = process.listeners(signal);
    for (const listener of earlier) process.removeListener(signal, listener);
    process.once(signal, () => {
      console.log(`Jobs: ${signal}, stopping the runner after the job in hand.`);
      void runner.stop(20_000).finally(() => {
        for (const listener of earlier) (listener as (s: NodeJS.Signals) => void)(signal);
      });
    });
  }
}
