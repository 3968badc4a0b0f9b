import type { PrismaClient } from "@/server/db/client";
import { hasRole, type Role } from "@/server/auth/roles";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { auditChainIntegrity, type ChainIntegrity } from "./integrity";
import { listMyRequests, listWaitingOnMe, type WaitingItem } from "./lists";
import type { RequestSummary } from "./summaries";

export interface ExpiringGrant {
  id: string;
  requestId: string;
  number: string;
  identityName: string;
  what: string;
  expiresAt: Date;
}

export interface HomeFigures {
  myRequests: { openCount: number; recent: RequestSummary[] };
  /** Present for approvers only; likewise each section below for the roles that need it. */
  waitingOnMe: { count: number; oldest: WaitingItem[] } | null;
  expiringGrants: { count: number; soonest: ExpiringGrant[] } | null;
  auditIntegrity: ChainIntegrity | null;
  catalogue: { systems: number; entitlements: number; publishedPolicyVersion: number | null } | null;
}

export const EXPIRY_WINDOW_DAYS = 7;
const LIST_SIZE = 5;

/** Everything the home page shows, scoped to the viewer: nobody sees another person's requests. */
export async function getHomeFigures(
  db: PrismaClient,
  viewer: { id: string; roles: readonly Role[] },
  now: Date = new Date(),
): Promise<HomeFigures> {
  const oversight = hasRole(viewer, "AUDITOR") || hasRole(viewer, "ADMIN");
  const [myRequests, waitingOnMe, expiringGrants, auditIntegrity, catalogue] = await Promise.all([
    listMyRequests(db, viewer.id, { openOnly: true, pageSize: LIST_SIZE }).then((page) => ({
      openCount: page.total,
      recent: page.items,
    })),
    hasRole(viewer, "APPROVER")
      ? listWaitingOnMe(db, viewer.id, { pageSize: LIST_SIZE }, now).then((page) => ({
          count: page.total,
          oldest: page.items,
        }))
      : null,
    oversight ? grantsExpiring(db, now) : null,
    oversight ? auditChainIntegrity(db) : null,
    hasRole(viewer, "ADMIN") ? catalogueCounts(db) : null,
  ]);
  return { myRequests, waitingOnMe, expiringGrants, auditIntegrity, catalogue };
}

async function grantsExpiring(db: PrismaClient, now: Date): Promise<HomeFigures["expiringGrants"]> {
  const until = new Date(now.getTime() + EXPIRY_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  const where = { status: "ACTIVE" as const, expiresAt: { gte: now, lte: until } };
  const [count, rows] = await Promise.all([
    db.grant.count({ where }),
    db.grant.findMany({
      where,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take: LIST_SIZE,
      select: {
        id: true,
        type: true,
        expiresAt: true,
        identity: { select: { displayName: true } },
        entitlement: { select: { name: true, system: { select: { name: true } } } },
        request: { select: { id: true, number: true } },
      },
    }),
  ]);
  const soonest = rows.map((row) => ({
    id: row.id,
    requestId: row.request.id,
    number: formatRequestNumber(row.request.number),
    identityName: row.identity.displayName,
    what: row.entitlement
      ? `${row.entitlement.name} on ${row.entitlement.system.name}`
      : row.type === "SECRET"
        ? "Secret"
        : "Certificate",
    expiresAt: row.expiresAt!,
  }));
  return { count, soonest };
}

async function catalogueCounts(db: PrismaClient): Promise<HomeFigures["catalogue"]> {
  const [systems, entitlements, latest] = await Promise.all([
    db.system.count(),
    db.entitlement.count(),
    db.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } }),
  ]);
  return { systems, entitlements, publishedPolicyVersion: latest?.version ?? null };
}
