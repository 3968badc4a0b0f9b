/**
 * Runs once per server process before the first request is served: the database must be
 * migrated (and, in demo mode, seeded) before any page reads it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrapOrExit } = await import("./server/db/bootstrap");
  await bootstrapOrExit();
}
