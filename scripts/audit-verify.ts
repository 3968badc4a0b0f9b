// `npm run audit:verify`: walks the audit chain of the configured database (DATABASE_URL, or the
// embedded PGlite folder at PGLITE_DATA_DIR) and names the first broken link. Read-only: it never
// migrates or creates anything. Exit codes: 0 intact, 1 broken, 2 could not verify.
import { existsSync } from "node:fs";
import path from "node:path";
import { getDatabase, type Database } from "../server/db/client";
import { verifyAuditChain } from "../server/domain/audit/verify";
import { ConfigError, env } from "../server/env";

const INTACT = 0;
const BROKEN = 1;
const CANNOT_VERIFY = 2;

class CannotVerify extends Error {}

async function main(): Promise<number> {
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  // Opening a PGlite folder that holds no cluster would create one; refuse instead.
  if (!DATABASE_URL && !existsSync(path.join(PGLITE_DATA_DIR, "PG_VERSION"))) {
    throw new CannotVerify(
      `No embedded database in ${path.resolve(PGLITE_DATA_DIR)}. Set DATABASE_URL, or run \`npm run db:migrate\` first.`,
    );
  }
  // PGlite keeps postmaster.pid while a process has the folder open, and a folder opened by two
  // processes at once gets corrupted: a running portal must be stopped first.
  if (!DATABASE_URL && existsSync(path.join(PGLITE_DATA_DIR, "postmaster.pid"))) {
    throw new CannotVerify(
      `The embedded database in ${path.resolve(PGLITE_DATA_DIR)} is open in another process (a running portal?). ` +
        "Stop it and run this again, or use the integrity check in the portal. If nothing is running, " +
        `a previous process ended without closing it: delete ${path.resolve(PGLITE_DATA_DIR, "postmaster.pid")}.`,
    );
  }
  let db: Database | undefined;
  try {
    db = await getDatabase();
    const [table] = await db.prisma.$queryRaw<{ present: boolean }[]>`
      SELECT to_regclass('"AuditEvent"') IS NOT NULL AS present`;
    if (!table?.present) {
      throw new CannotVerify(
        'The database has no "AuditEvent" table: it is not migrated. Run `npm run db:migrate` first.',
      );
    }
    const progress = progressLine();
    const result = await verifyAuditChain(db.prisma, { onProgress: progress.update });
    progress.done();
    if (result.ok) {
      console.log(`Audit chain intact: ${result.checked} events, head ${result.headHash}`);
      return INTACT;
    }
    const { seq, id, reason } = result.brokenAt;
    console.log(`Audit chain BROKEN at seq ${seq} (event ${id}): ${reason}`);
    console.log(`${result.checked} events before it verified.`);
    return BROKEN;
  } finally {
    await db?.close();
  }
}

/** Progress on stderr: rewritten in place on a terminal, an occasional line otherwise. */
function progressLine(): { update: (checked: number, total: number) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  const interval = tty ? 100 : 2_000;
  let last = Date.now();
  let shown = false;
  return {
    update(checked, total) {
      const now = Date.now();
      if (now - last < interval || checked === 0) return;
      last = now;
      const percent = total > 0 ? Math.floor((checked / total) * 100) : 100;
      const text = `Verifying the audit chain: ${checked} of ${total} events (${percent}%)`;
      process.stderr.write(tty ? `\r${text}` : `${text}\n`);
      shown = true;
    },
    done() {
      if (tty && shown) process.stderr.write("\r\x1b[K");
    },
  };
}

// Connection failures to a host with several addresses arrive as an AggregateError without a message.
function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(describe).join("; ");
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof CannotVerify) {
      console.error(error.message);
    } else {
      console.error(`Audit chain could not be verified: ${describe(error).replace(/\s*\n\s*/g, " ").trim()}`);
    }
    process.exit(CANNOT_VERIFY);
  },
);
