// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL,
// or the embedded PGlite folder at PGLITE_DATA_DIR) and says what it did.
import { openDatabase, type Database } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { ConfigError, env } from "../server/env";

async function main(): Promise<void> {
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  const where = DATABASE_URL ? `PostgreSQL at ${redact(DATABASE_URL)}` : `embedded PGlite in ${PGLITE_DATA_DIR}`;
  console.log(`Migrating ${where}`);
  let db: Database | undefined;
  try {
    db = await openDatabase(DATABASE_URL ? { url: DATABASE_URL } : { dataDir: PGLITE_DATA_DIR });
    const { applied } = await migrate(db, { log: (line) => console.log(`  ${line}`) });
    console.log(applied.length === 0 ? "Nothing to apply." : `${applied.length} migration(s) applied.`);
  } finally {
    await db?.close();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

// Connection failures to a host with several addresses arrive as an AggregateError without a message.
function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(describe).join("; ");
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`Migration failed: ${describe(error).replace(/\s*\n\s*/g, " ")}`);
  }
  process.exit(1);
});
