/**
 * Runs once per server process before the first request is served: the database must be
 * migrated (and, in demo mode, seeded) before any page reads it. In demo mode the demo webhook
 * target starts on loopback; then the job runner starts (SLA sweeps, notification e-mail) unless
 * JOBS_DISABLED is set.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrapOrExit } = await import("./server/db/bootstrap");
  await bootstrapOrExit();
  await (await import("./server/connectors/webhook/demo-target")).startDemoWebhookTarget();
  const { getPrisma } = await import("./server/db/client");
  const { startJobsInServer } = await import("./server/jobs/start");
  startJobsInServer(await getPrisma());
}
