import { env } from "../env";
import { closeDatabase, getDatabase } from "./client";
import { migrate } from "./migrate";
import { isDatabaseEmpty, seedDemo, startOfUtcDay } from "./seed";

/**
 * Runs once when a server process starts: validates configuration (a bad variable stops the
 * start with a message naming it), applies pending migrations under the migrator's lock, and
 * in demo mode fills an empty database with the demo organisation.
 */
export async function bootstrap(log: (line: string) => void = console.log): Promise<void> {
  const config = env();
  const db = await getDatabase();
  const where = config.DATABASE_URL ? "PostgreSQL" : `embedded PGlite (${config.PGLITE_DATA_DIR})`;
  const { applied } = await migrate(db, { log });
  log(`Database: ${where}; ${applied.length} migration(s) applied.`);
  if (config.PORTAL_DEMO_MODE && (await isDatabaseEmpty(db.prisma))) {
    const started = Date.now();
    // Dated relative to today so pending work and expiring grants look current; ids stay fixed.
    await seedDemo(db.prisma, { now: startOfUtcDay(new Date()), log });
    log(`Demo organisation seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

/**
 * For server start: a bad variable or a failed migration stops the process with its message,
 * and a stop signal closes the database before exiting (the start script sets
 * NEXT_MANUAL_SIG_HANDLE so that Next leaves the signals to us).
 */
export async function bootstrapOrExit(): Promise<void> {
  try {
    await bootstrap();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void closeDatabase().finally(() => process.exit(0)));
  }
}
