// `npm run bench:generate -- --scale 0.1 [--seed 1] [--now 2026-11-27T09:00:00Z]`: fills an
// empty database (DATABASE_URL, or the embedded PGlite folder at PGLITE_DATA_DIR) with a large
// generated organisation for the benchmarks. It migrates the database first and refuses one that already has data. The same
// seed and --now give the same rows and the same audit chain head on PGlite and on PostgreSQL.
import { generateOrganisation } from "../bench/generate";
import { openDatabase, type Database } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { ConfigError, env } from "../server/env";

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
}

function number(argv: string[], name: string, fallback: number): number {
  const raw = option(argv, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--${name}: "${raw}" is not a positive number`);
  return n;
}

/** Checked before migrating, so a database in use is left exactly as it was. */
async function hasData(db: Database): Promise<boolean> {
  return db.withSession(async (session) => {
    const tables = ["User", "AccessRequest", "AuditEvent"];
    const [present] = await session.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(name) WHERE to_regclass(format('%I', t.name)) IS NOT NULL`,
      [tables],
    );
    if (!present || present.n < tables.length) return present !== undefined && present.n > 0;
    const [rows] = await session.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM "User") + (SELECT count(*) FROM "AccessRequest") + (SELECT count(*) FROM "AuditEvent"))::int AS n`,
    );
    return (rows?.n ?? 0) > 0;
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const scale = number(argv, "scale", 0.1);
  const seed = Math.floor(number(argv, "seed", 1));
  const nowArg = option(argv, "now");
  const now = nowArg === undefined ? undefined : new Date(nowArg);
  if (now && Number.isNaN(now.getTime())) throw new ConfigError(`--now: "${nowArg}" is not a date (use an ISO date)`);
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  const where = DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${PGLITE_DATA_DIR}`;
  console.log(`Generating an organisation at scale ${scale}, seed ${seed}, into ${where}`);
  let db: Database | undefined;
  try {
    db = await openDatabase(DATABASE_URL ? { url: DATABASE_URL } : { dataDir: PGLITE_DATA_DIR });
    if (await hasData(db)) {
      console.error("The database already has users, tickets or audit events: the organisation is only generated into an empty database. Nothing was changed.");
      return 1;
    }
    await migrate(db, { log: (line) => console.log(`  ${line}`) });
    const summary = await generateOrganisation(db, { scale, seed, now, log: (line) => console.log(line) });
    console.table(
      Object.fromEntries(
        Object.entries(summary.rows).map(([table, s]) => [
          table,
          { rows: s.rows, seconds: Number((s.ms / 1000).toFixed(2)), "rows/s": s.ms > 0 ? Math.round(s.rows / (s.ms / 1000)) : null },
        ]),
      ),
    );
    console.log(`Generating in memory: ${(summary.planMs / 1000).toFixed(1)} s; hashing the chain: ${(summary.hashMs / 1000).toFixed(1)} s.`);
    console.log(`Done in ${(summary.totalMs / 1000).toFixed(1)} s. Chain head ${summary.headHash}.`);
    return 0;
  } finally {
    await db?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
