// `npm run jobs`: the job runner as a process of its own (SLA sweeps, notification e-mail).
// Run it beside app instances started with JOBS_DISABLED=true, or as extra workers: any number
// of runners share the queue safely on PostgreSQL. With the embedded database only one process
// may open the data folder, so stop the portal first.
import { closeDatabase, getDatabase } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { ConfigError, env } from "../server/env";
import { createPortalJobRunner } from "../server/jobs/start";

async function main(): Promise<void> {
  const config = env();
  const db = await getDatabase();
  await migrate(db, { log: (line) => console.log(line) });
  const runner = createPortalJobRunner(db.prisma);
  runner.start(config.JOBS_POLL_MS);
  console.log(`Jobs: runner ${runner.workerId} on ${config.DATABASE_URL ? "PostgreSQL" : `embedded PGlite (${config.PGLITE_DATA_DIR})`}, polling every ${config.JOBS_POLL_MS} ms. Stop with Ctrl-C.`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log(`Jobs: ${signal}, finishing the job in hand.`);
      void runner
        .stop(20_000)
        .then(() => closeDatabase())
        .finally(() => process.exit(0));
    });
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
});
