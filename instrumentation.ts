/**
 * Runs once per server process before the first request is served: the database must be
 * migrated (and, in demo mode, seeded) before any page reads it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./server/db/bootstrap");
  try {
    await bootstrap();
  } catch (error) {
    // A bad variable or a failed migration stops the start with its own message, not a trace.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
