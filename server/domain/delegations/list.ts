import type { PrismaClient } from "@/server/db/generated/client";
import { findCurrentPolicyVersion } from "@/server/domain/policy/store";
import { DELEGATION_SELECT, toDelegationRow, type DelegationRow } from "./row";

export interface DelegationOverview {
  /** The delegation in force now that the actor gave, if any. */
  current: DelegationRow | null;
  /** Delegations covering the actor right now: the people whose tickets they decide today. */
  covering: DelegationRow[];
  given: DelegationRow[];
  received: DelegationRow[];
  /** What the current policy allows, for the form; null before the first policy is published. */
  rules: { allowed: boolean; maxDays: number; policyVersion: number } | null;
}

/** How many of each list a page shows: current and upcoming ones first, then the latest past. */
const LIST_LIMIT = 50;

const ORDER = { active: 0, upcoming: 1, ended: 2, cancelled: 3 } as const;

function byRelevance(a: DelegationRow, b: DelegationRow): number {
  return ORDER[a.status] - ORDER[b.status] || (a.status === "upcoming" ? a.startsAt.getTime() - b.startsAt.getTime() : b.startsAt.getTime() - a.startsAt.getTime()) || a.id.localeCompare(b.id);
}

/** The delegations the actor gave and received; the filter on the actor is the access check. */
export async function listDelegations(db: PrismaClient, actor: { id: string }, now: Date = new Date()): Promise<DelegationOverview> {
  const read = (where: { delegatorId: string } | { delegateId: string }) =>
    db.delegation.findMany({ where, orderBy: [{ endsAt: "desc" }, { id: "asc" }], take: LIST_LIMIT, select: DELEGATION_SELECT });
  const [given, received, policy] = await Promise.all([read({ delegatorId: actor.id }), read({ delegateId: actor.id }), findCurrentPolicyVersion(db)]);
  const givenRows = given.map((row) => toDelegationRow(row, now)).sort(byRelevance);
  const receivedRows = received.map((row) => toDelegationRow(row, now)).sort(byRelevance);
  return {
    current: givenRows.find((row) => row.status === "active") ?? null,
    covering: receivedRows.filter((row) => row.status === "active"),
    given: givenRows,
    received: receivedRows,
    rules: policy
      ? { allowed: policy.document.approvals.delegationAllowed, maxDays: policy.document.approvals.maxDelegationDays, policyVersion: policy.version }
      : null,
  };
}
