import type { PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { overdueRevocations, REVOKE_GRANT_JOB } from "./revoke";

/** The page shows the longest-overdue grants first; more than this is a backlog to fix, not to browse. */
export const OVERDUE_LIMIT = 200;

export interface OverdueRevocationDto {
  grantId: string;
  number: string;
  identity: { name: string; displayName: string };
  entitlement: string | null;
  connectorType: string;
  externalRef: string | null;
  status: string;
  expiresAt: Date | null;
  /** The grant's revocation job, when one was queued: its state and the target's last refusal. */
  job: { status: string; attempts: number; maxAttempts: number; lastError: string | null; runAt: Date } | null;
}

/**
 * Access that should be gone and is not: grants still ACTIVE past their expiry, and grants whose
 * revocation has not gone through (REVOKING), with what their revocation job last ran into.
 */
export async function listOverdueRevocations(db: PrismaClient, now: Date): Promise<{ total: number; items: OverdueRevocationDto[] }> {
  const grants = await overdueRevocations(db, now);
  const shown = grants.slice(0, OVERDUE_LIMIT);
  const jobs = shown.length
    ? await db.job.findMany({
        where: { type: REVOKE_GRANT_JOB, dedupeKey: { in: shown.map((g) => `revoke:${g.id}`) } },
        select: { dedupeKey: true, status: true, attempts: true, maxAttempts: true, lastError: true, runAt: true },
      })
    : [];
  const jobByKey = new Map(jobs.map((j) => [j.dedupeKey, j]));
  return {
    total: grants.length,
    items: shown.map((g) => {
      const job = jobByKey.get(`revoke:${g.id}`);
      return {
        grantId: g.id,
        number: formatRequestNumber(g.request.number),
        identity: { name: g.identity.name, displayName: g.identity.displayName },
        entitlement: g.entitlement?.name ?? null,
        connectorType: g.connectorType,
        externalRef: g.externalRef,
        status: g.status,
        expiresAt: g.expiresAt,
        job: job ? { status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError, runAt: job.runAt } : null,
      };
    }),
  };
}
