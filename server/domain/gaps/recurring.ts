import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import type { GapRow, GapWindow } from "./types";

const DAY_MS = 86_400_000;

export interface RecurringParams {
  /** At least this many different requesters... */
  minRequesters: number;
  /** ...within this many days before now. */
  withinDays: number;
}

export const RECURRING_DEFAULTS: RecurringParams = { minRequesters: 5, withinDays: 30 };

interface RecurringRow {
  id: string;
  name: string;
  ref: string;
  system: string;
  people: number;
  tickets: number;
  last: Date;
}

function recurringSql(now: Date, p: RecurringParams): Prisma.Sql {
  const since = new Date(now.getTime() - p.withinDays * DAY_MS);
  return Prisma.sql`
    SELECT e.id, e.name, s.key || ':' || e.key AS ref, s.name AS system,
           count(DISTINCT r."requesterId")::int AS people, count(*)::int AS tickets, max(r."createdAt") AS last
      FROM "AccessRequest" r
      JOIN "Entitlement" e ON e.id = r."entitlementId"
      JOIN "System" s ON s.id = e."systemId"
     WHERE r.kind = 'GRANT' AND r.status <> 'DRAFT' AND r."createdAt" > ${since} AND r."createdAt" <= ${now}
     GROUP BY e.id, e.name, s.key, e.key, s.name
    HAVING count(DISTINCT r."requesterId") >= ${p.minRequesters}`;
}

async function recurringRows(db: PrismaClient, now: Date, p: RecurringParams, w: GapWindow): Promise<RecurringRow[]> {
  return db.$queryRaw<RecurringRow[]>`
    SELECT * FROM (${recurringSql(now, p)}) x
     ORDER BY people DESC, tickets DESC, id ASC
     LIMIT ${w.take} OFFSET ${w.skip}`;
}

export async function countRecurring(db: PrismaClient, now: Date, p: RecurringParams): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${recurringSql(now, p)}) x`;
  return row?.n ?? 0;
}

/**
 * Entitlements asked for again and again by different people: candidates for a standard role or
 * a pre-approved pattern, so the next request need not wait on an approver.
 */
export async function recurringRequests(db: PrismaClient, now: Date, p: RecurringParams, w: GapWindow): Promise<GapRow[]> {
  const rows = await recurringRows(db, now, p, w);
  return rows.map((r) => ({
    id: r.id,
    ticket: null,
    identity: null,
    grantId: null,
    entitlement: { id: r.id, ref: r.ref },
    subject: `${r.name} (${r.system})`,
    at: new Date(r.last),
    why: `Requested by ${r.people} different people in ${r.tickets} tickets within ${p.withinDays} days.`,
  }));
}
