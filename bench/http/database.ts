import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../../server/db/client";
import { formatRequestNumber } from "../../server/domain/requests/number";
import { run } from "./processes";

export type BenchDatabaseKind = "pglite" | "postgres";

/** Where the generated organisation lives: the variables the server and the generator need. */
export interface BenchDatabase {
  kind: BenchDatabaseKind;
  env: { DATABASE_URL?: string; PGLITE_DATA_DIR: string };
  /** A folder of its own for this run (the PGlite data, the demo webhook target's state). */
  folder: string;
  dispose(): Promise<void>;
}

export async function createBenchDatabase(kind: BenchDatabaseKind, pgPort: number, root: string): Promise<BenchDatabase> {
  const folder = mkdtempSync(path.join(tmpdir(), "portal-bench-http-"));
  const dataDir = path.join(folder, "pglite");
  if (kind === "pglite") {
    return { kind, folder, env: { PGLITE_DATA_DIR: dataDir }, dispose: async () => rmSync(folder, { recursive: true, force: true }) };
  }
  const cluster = path.join(root, "scripts", "pg-test-cluster.sh");
  const url = (await run(cluster, ["start", String(pgPort)], { cwd: root, quiet: true })).trim();
  return {
    kind,
    folder,
    env: { DATABASE_URL: url, PGLITE_DATA_DIR: dataDir },
    dispose: async () => {
      await run(cluster, ["stop", String(pgPort)], { cwd: root, quiet: true }).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Fills the database with the generated organisation through `npm run bench:generate`'s script. */
export async function generateInto(database: BenchDatabase, root: string, scale: number, seed: number, now?: string): Promise<void> {
  const args = ["tsx", "scripts/bench-generate.ts", "--scale", String(scale), "--seed", String(seed), ...(now ? ["--now", now] : [])];
  await run("npx", args, {
    cwd: root,
    env: { ...process.env, ...database.env },
    quiet: true,
  });
}

export interface BenchSubjects {
  approver: { email: string; openAssignments: number };
  auditor: { email: string };
  /** Tickets of different statuses, each with its number of audit events. */
  tickets: { reference: string; status: string; events: number }[];
  /** Rows of the main tables, for the report. */
  rows: Record<string, number>;
}

const TICKET_STATUSES = ["CLOSED", "ACTIVE", "PENDING_APPROVAL", "DENIED", "CANCELLED"];

/**
 * The approver with the most open assignments, the demo auditor, and the newest ticket of each of
 * a few statuses. Read before the server starts: a PGlite folder is opened by one process at a time.
 */
export async function pickSubjects(database: BenchDatabase): Promise<BenchSubjects> {
  const db = await openDatabase(database.env.DATABASE_URL ? { url: database.env.DATABASE_URL } : { dataDir: database.env.PGLITE_DATA_DIR });
  try {
    return await db.withSession(async (session) => {
      const [approver] = await session.query<{ email: string; n: number }>(
        `SELECT u.email, count(*)::int AS n
           FROM "ApprovalAssignment" a JOIN "User" u ON u.id = a."approverId"
          WHERE a.status = 'OPEN' AND u.active AND 'APPROVER'::"Role" = ANY (u.roles)
          GROUP BY u.email ORDER BY n DESC, u.email LIMIT 1`,
      );
      const [auditor] = await session.query<{ email: string }>(
        `SELECT email FROM "User" WHERE active AND 'AUDITOR'::"Role" = ANY (roles) ORDER BY email = 'audrey.auditor@acme.example' DESC, email LIMIT 1`,
      );
      const tickets = await session.query<{ number: number; status: string; events: number }>(
        `SELECT r.number, r.status::text AS status,
                (SELECT count(*)::int FROM "AuditEvent" e WHERE e."requestId" = r.id) AS events
           FROM unnest($1::text[]) AS s(status)
           CROSS JOIN LATERAL (SELECT id, number, status FROM "AccessRequest" WHERE status::text = s.status ORDER BY number DESC LIMIT 1) r`,
        [TICKET_STATUSES],
      );
      const [counts] = await session.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM "User")::int AS people,
                (SELECT count(*) FROM "Identity" WHERE kind <> 'HUMAN')::int AS "NHIs",
                (SELECT count(*) FROM "System")::int AS systems,
                (SELECT count(*) FROM "AccessRequest")::int AS tickets,
                (SELECT count(*) FROM "AuditEvent")::int AS "audit events"`,
      );
      if (!approver) throw new Error("The generated organisation has no approver with an open assignment");
      if (!auditor) throw new Error("The generated organisation has no active auditor");
      if (tickets.length === 0) throw new Error("The generated organisation has no tickets");
      return {
        approver: { email: approver.email, openAssignments: approver.n },
        auditor: { email: auditor.email },
        tickets: tickets.map((t) => ({ reference: formatRequestNumber(t.number), status: t.status, events: t.events })),
        rows: counts ?? {},
      };
    });
  } finally {
    await db.close();
  }
}
