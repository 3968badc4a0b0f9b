import type { PrismaClient } from "@/server/db/generated/client";
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

async function recurringRows(db: PrismaClient, now: Date, p: RecurringParams, w: GapWindow | null): Promise<RecurringRow[]> {
  const since = new Date(now.getTime() - p.withinDays * DAY_MS);
  const limit = w ? w.take : 100_000;
  const offset = w ? w.skip : 0;
  return db.$queryRaw<RecurringRow[]>`
    SELECT e.id, e.name, s.key || ':' || e.key AS ref, s.name AS system,
           count(DISTINCT r."requesterId")::int AS people, count(*)::int AS tickets, max(r."createdAt") AS last
      FROM "AccessRequest" r
      JOIN "Entitlement" e ON e.id = r."entitlementId"
      JOIN "System" s ON s.id = e."systemId"
     WHERE r.kind = 'GRANT' AND r.status <> 'DRAFT' AND r."createdAt" > ${since} AND r."createdAt" <= ${now}
     GROUP BY e.id, e.name, s.key, e.key, s.name
    HAVING count(DISTINCT r."requesterId") >= ${p.minRequesters}
     ORDER BY people DESC, tickets DESC, e.id ASC
     LIMIT ${limit} OFFSET ${offset}`;
}

export async function countRecurring(db: PrismaClient, now: Date, p: RecurringParams): Promise<number> {
  return (await recurringRows(db, now, p, null)).length;
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
