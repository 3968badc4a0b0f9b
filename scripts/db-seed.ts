// `npm run db:seed`: migrates the configured database (DATABASE_URL, or the embedded PGlite
// folder at PGLITE_DATA_DIR) and fills it with the demo organisation. It refuses a database that
// already has users. `--now=<ISO date>` or `--now=today` places the demo around another date
// than the fixed reference date (ids and ticket numbers stay the same; only times move).
import { getDatabase } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { isDatabaseEmpty, seedDemo, SEED_REFERENCE_DATE, startOfUtcDay } from "../server/db/seed";
import { ConfigError } from "../server/env";

function referenceDate(argv: string[]): Date {
  const arg = argv.find((a) => a.startsWith("--now="))?.slice("--now=".length);
  if (!arg) return SEED_REFERENCE_DATE;
  if (arg === "today") return startOfUtcDay(new Date());
  const date = new Date(arg);
  if (Number.isNaN(date.getTime())) throw new ConfigError(`--now: "${arg}" is not a date (use an ISO date or "today")`);
  return date;
}

async function main(): Promise<number> {
  const now = referenceDate(process.argv.slice(2));
  const db = await getDatabase();
  try {
    await migrate(db, { log: (line) => console.log(`  ${line}`) });
    if (!(await isDatabaseEmpty(db.prisma))) {
      console.error("The database already has users: the demo organisation is only seeded into an empty database. Nothing was changed.");
      return 1;
    }
    const summary = await seedDemo(db.prisma, { now, log: (line) => console.log(line) });
    const { durationMs, ...counts } = summary;
    console.table(counts);
    console.log(`Seeded in ${(durationMs / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
