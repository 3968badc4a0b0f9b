import type { PrismaClient } from "@/server/db/generated/client";
import { closedWithoutEvidence, countClosedWithoutEvidence } from "./closure";
import { countExpiredNotRevoked, expiredNotRevoked } from "./expiry";
import { countOrphans, orphanPage, reconcileOrphans, type ConnectorCheck } from "./orphans";
import { countNhiWithoutActive, nhiWithoutActive } from "./owners";
import { countPastRotation, pastRotation } from "./rotation";
import { countRecurring, RECURRING_DEFAULTS, recurringRequests, type RecurringParams } from "./recurring";
import { countSodBreaches, sodBreaches } from "./sod";
import { GAP_INFO, GAP_KINDS, GAP_PAGE_SIZE, type GapKind, type GapPage, type GapRow, type GapSeverity, windowFor } from "./types";

type Count = (db: PrismaClient, now: Date, p: RecurringParams) => Promise<number>;
type Rows = (db: PrismaClient, now: Date, page: number, p: RecurringParams) => Promise<GapRow[]>;

const REPORTS: Record<GapKind, { count: Count; rows: Rows }> = {
  closedWithoutEvidence: { count: (db) => countClosedWithoutEvidence(db), rows: (db, _now, p) => closedWithoutEvidence(db, windowFor(p)) },
  expiredNotRevoked: { count: countExpiredNotRevoked, rows: (db, now, p) => expiredNotRevoked(db, now, windowFor(p)) },
  nhiWithoutOwner: { count: (db) => countNhiWithoutActive(db, "owner"), rows: (db, _now, p) => nhiWithoutActive(db, "owner", windowFor(p)) },
  nhiWithoutBackupOwner: { count: (db) => countNhiWithoutActive(db, "backupOwner"), rows: (db, _now, p) => nhiWithoutActive(db, "backupOwner", windowFor(p)) },
  pastRotation: { count: countPastRotation, rows: (db, now, p) => pastRotation(db, now, windowFor(p)) },
  sodBreaches: { count: (db) => countSodBreaches(db), rows: (db, _now, p) => sodBreaches(db, windowFor(p)) },
  orphanMemberships: { count: countOrphans, rows: async (db, now, p) => orphanPage(await reconcileOrphans(db, now), windowFor(p)) },
  recurringRequests: { count: countRecurring, rows: (db, now, page, p) => recurringRequests(db, now, p, windowFor(page)) },
};

export interface GapSummaryItem {
  kind: GapKind;
  title: string;
  severity: GapSeverity;
  description: string;
  count: number;
}

/** How many findings each report has now, in the order the page shows them. */
export async function gapSummary(db: PrismaClient, now: Date): Promise<GapSummaryItem[]> {
  const items: GapSummaryItem[] = [];
  // One after the other: an embedded database answers one query at a time anyway.
  for (const kind of GAP_KINDS) items.push({ kind, ...GAP_INFO[kind], count: await REPORTS[kind].count(db, now, RECURRING_DEFAULTS) });
  return items;
}

export type GapReport = GapPage & { recurring: RecurringParams; reconciliation: ConnectorCheck[] | null };

export async function gapReport(db: PrismaClient, now: Date, input: { kind: GapKind; page?: number; minRequesters?: number; withinDays?: number }): Promise<GapReport> {
  const page = input.page ?? 1;
  const recurring = { minRequesters: input.minRequesters ?? RECURRING_DEFAULTS.minRequesters, withinDays: input.withinDays ?? RECURRING_DEFAULTS.withinDays };
  if (input.kind === "orphanMemberships") {
    // Read the targets once: the total and the page must come from the same read-back.
    const all = await reconcileOrphans(db, now);
    return { kind: input.kind, total: all.rows.length, page, pageSize: GAP_PAGE_SIZE, rows: orphanPage(all, windowFor(page)), recurring, reconciliation: all.checks };
  }
  const report = REPORTS[input.kind];
  const total = await report.count(db, now, recurring);
  const rows = await report.rows(db, now, page, recurring);
  return { kind: input.kind, total, page, pageSize: GAP_PAGE_SIZE, rows, recurring, reconciliation: null };
}
