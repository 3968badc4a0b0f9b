import type { PrismaClient } from "@/server/db/generated/client";
import { closedWithoutEvidence, countClosedWithoutEvidence } from "./closure";
import { countExpiredNotRevoked, expiredNotRevoked } from "./expiry";
import { countNhiWithoutActive, nhiWithoutActive } from "./owners";
import { countPastRotation, pastRotation } from "./rotation";
import { countSodBreaches, sodBreaches } from "./sod";
import { GAP_INFO, GAP_KINDS, GAP_PAGE_SIZE, type GapKind, type GapPage, type GapRow, type GapSeverity, windowFor } from "./types";

const REPORTS: Record<GapKind, { count: (db: PrismaClient, now: Date) => Promise<number>; rows: (db: PrismaClient, now: Date, page: number) => Promise<GapRow[]> }> = {
  closedWithoutEvidence: { count: (db) => countClosedWithoutEvidence(db), rows: (db, _now, p) => closedWithoutEvidence(db, windowFor(p)) },
  expiredNotRevoked: { count: countExpiredNotRevoked, rows: (db, now, p) => expiredNotRevoked(db, now, windowFor(p)) },
  nhiWithoutOwner: { count: (db) => countNhiWithoutActive(db, "owner"), rows: (db, _now, p) => nhiWithoutActive(db, "owner", windowFor(p)) },
  nhiWithoutBackupOwner: { count: (db) => countNhiWithoutActive(db, "backupOwner"), rows: (db, _now, p) => nhiWithoutActive(db, "backupOwner", windowFor(p)) },
  pastRotation: { count: countPastRotation, rows: (db, now, p) => pastRotation(db, now, windowFor(p)) },
  sodBreaches: { count: (db) => countSodBreaches(db), rows: (db, _now, p) => sodBreaches(db, windowFor(p)) },
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
  for (const kind of GAP_KINDS) items.push({ kind, ...GAP_INFO[kind], count: await REPORTS[kind].count(db, now) });
  return items;
}

export async function gapReport(db: PrismaClient, now: Date, input: { kind: GapKind; page: number }): Promise<GapPage> {
  const report = REPORTS[input.kind];
  const total = await report.count(db, now);
  const rows = await report.rows(db, now, input.page);
  return { kind: input.kind, total, page: input.page, pageSize: GAP_PAGE_SIZE, rows };
}
