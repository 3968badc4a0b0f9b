import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { GrantStatus, RequestKind, RequestStatus, RiskTier } from "@/server/db/generated/enums";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { accessPart, diffScope, type ScopeDiffEntry } from "./scope-diff";

/** The window of "recent" requests by peers for the same entitlement. */
export const PEER_WINDOW_DAYS = 90;
const DAY = 86_400_000;

export interface HeldGrant {
  ticket: string;
  ref: string | null;
  entitlement: string | null;
  system: string | null;
  scope: Prisma.JsonValue;
  grantedAt: Date | null;
  expiresAt: Date | null;
}

export interface ScopeComparison {
  /** What the requested scope is compared with. */
  base: "previous" | "held" | "none" | "revoke" | "rotate";
  /** Access the subject holds now on the same system (entitlement grants, ACTIVE). */
  current: HeldGrant[];
  changes: ScopeDiffEntry[];
}

export interface SodFinding {
  ruleId: string;
  description: string;
  held: string;
  heldName: string | null;
  heldTicket: string | null;
  requested: string;
}

export interface ReviewHistory {
  previousGrants: { ticket: string; status: GrantStatus; grantedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null }[];
  earlierTickets: { ticket: string; status: RequestStatus; createdAt: Date }[];
  /** Other submitted tickets for the same entitlement in the window: distinct requesters ("people") and tickets by outcome. */
  peers: { windowDays: number; people: number; tickets: number; approved: number; denied: number; pending: number; other: number };
}

interface TicketFacts {
  id: string;
  kind: RequestKind;
  scope: Prisma.JsonValue;
  subjectId: string;
  systemId: string | null;
  entitlementId: string | null;
  entitlementRef: string | null;
}

const APPROVED: RequestStatus[] = ["AUTO_APPROVED", "APPROVED", "FULFILLING", "ACTIVE", "REVOKING", "CLOSED", "FAILED"];
const PENDING: RequestStatus[] = ["SUBMITTED", "PENDING_APPROVAL"];

/** Every ACTIVE entitlement grant of the subject, from tickets other than this one. */
export async function activeGrantsOf(db: PrismaClient, t: TicketFacts) {
  return db.grant.findMany({
    where: { identityId: t.subjectId, status: "ACTIVE", requestId: { not: t.id }, entitlementId: { not: null } },
    orderBy: [{ grantedAt: "desc" }, { id: "asc" }],
    select: {
      scope: true,
      grantedAt: true,
      expiresAt: true,
      entitlementId: true,
      request: { select: { number: true } },
      entitlement: { select: { key: true, name: true, systemId: true, system: { select: { key: true, name: true } } } },
    },
  });
}

type ActiveGrantRow = Awaited<ReturnType<typeof activeGrantsOf>>[number];

const refOf = (g: ActiveGrantRow) => (g.entitlement ? `${g.entitlement.system.key}:${g.entitlement.key}` : null);

/** The requested scope against current access: a MODIFY against its grant's previous scope, a GRANT against a grant of the same entitlement held now. */
export function compareScope(t: TicketFacts, grants: ActiveGrantRow[]): ScopeComparison {
  const current = grants
    .filter((g) => t.systemId !== null && g.entitlement?.systemId === t.systemId)
    .map((g) => ({
      ticket: formatRequestNumber(g.request.number),
      ref: refOf(g),
      entitlement: g.entitlement?.name ?? null,
      system: g.entitlement?.system.name ?? null,
      scope: g.scope,
      grantedAt: g.grantedAt,
      expiresAt: g.expiresAt,
    }));
  const requested = accessPart(t.scope);
  const previous = t.scope && typeof t.scope === "object" && !Array.isArray(t.scope) ? (t.scope as Record<string, unknown>).previous : undefined;
  if (t.kind === "MODIFY" && previous && typeof previous === "object") return { base: "previous", current, changes: diffScope(accessPart(previous), requested) };
  if (t.kind === "REVOKE") return { base: "revoke", current, changes: diffScope(requested, {}) };
  // A rotation replaces the credential and leaves the access as it is.
  if (t.kind === "ROTATE") return { base: "rotate", current, changes: [] };
  const same = grants.find((g) => t.entitlementId !== null && g.entitlementId === t.entitlementId);
  if (same) return { base: "held", current, changes: diffScope(accessPart(same.scope), requested) };
  return { base: "none", current, changes: diffScope(null, requested) };
}

function toxicPairs(document: Prisma.JsonValue | null): { id: string; description: string; entitlements: [string, string] }[] {
  const sod = document && typeof document === "object" && !Array.isArray(document) ? document.separationOfDuties : null;
  const pairs = sod && typeof sod === "object" && !Array.isArray(sod) ? sod.toxicPairs : null;
  if (!Array.isArray(pairs)) return [];
  return pairs.flatMap((p) => {
    const pair = p as { id?: unknown; description?: unknown; entitlements?: unknown };
    const [a, b] = Array.isArray(pair.entitlements) ? pair.entitlements : [];
    return typeof pair.id === "string" && typeof a === "string" && typeof b === "string" ? [{ id: pair.id, description: String(pair.description ?? ""), entitlements: [a, b] as [string, string] }] : [];
  });
}

/** Kinds that add access; removing or rotating access never completes a toxic combination. */
const ADDS_ACCESS = new Set<RequestKind>(["GRANT", "MODIFY", "EXCEPTION"]);

/** Toxic pairs of the pinned policy version that this access would complete with what the subject holds now. */
export function sodFindings(t: TicketFacts, document: Prisma.JsonValue | null, grants: ActiveGrantRow[]): SodFinding[] {
  const requested = t.entitlementRef;
  if (!requested || !ADDS_ACCESS.has(t.kind)) return [];
  return toxicPairs(document).flatMap((pair) => {
    const [a, b] = pair.entitlements;
    const other = requested === a ? b : requested === b ? a : null;
    const held = other && other !== requested ? grants.find((g) => refOf(g) === other) : undefined;
    if (!other || !held) return [];
    return [{ ruleId: pair.id, description: pair.description, held: other, heldName: held.entitlement?.name ?? null, heldTicket: formatRequestNumber(held.request.number), requested }];
  });
}

const TIER_ORDER: RiskTier[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** Notes for a viewer who owns the NHI the ticket is for, from the pinned version's limit on owner approvals. */
export function nhiOwnerNotes(
  viewerId: string,
  subject: { kind: string; ownerId: string | null; backupOwnerId: string | null },
  riskTier: RiskTier | null,
  maxTier: RiskTier,
): string[] {
  if (subject.kind !== "NHI" || (subject.ownerId !== viewerId && subject.backupOwnerId !== viewerId)) return [];
  const role = subject.ownerId === viewerId ? "owner" : "backup owner";
  if (riskTier && TIER_ORDER.indexOf(riskTier) > TIER_ORDER.indexOf(maxTier)) {
    return [`You are this identity's ${role} and the request is ${riskTier.toLowerCase()} risk: above ${maxTier.toLowerCase()} risk the policy never lets an NHI's owners be its only approvers, so someone else must approve as well.`];
  }
  return [`You are this identity's ${role}; the policy lets its owners approve its access up to ${maxTier.toLowerCase()} risk.`];
}

/** Did the subject hold this entitlement before, and how peers' requests for it went lately. */
export async function reviewHistory(db: PrismaClient, t: TicketFacts, now: Date): Promise<ReviewHistory> {
  const empty = { windowDays: PEER_WINDOW_DAYS, people: 0, tickets: 0, approved: 0, denied: 0, pending: 0, other: 0 };
  if (!t.entitlementId) return { previousGrants: [], earlierTickets: [], peers: empty };
  const since = new Date(now.getTime() - PEER_WINDOW_DAYS * DAY);
  const peerWhere: Prisma.AccessRequestWhereInput = { entitlementId: t.entitlementId, id: { not: t.id }, status: { not: "DRAFT" }, createdAt: { gte: since } };
  const [grants, tickets, byStatus, people] = await Promise.all([
    db.grant.findMany({
      where: { identityId: t.subjectId, entitlementId: t.entitlementId, requestId: { not: t.id } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 10,
      select: { status: true, grantedAt: true, expiresAt: true, revokedAt: true, request: { select: { number: true } } },
    }),
    db.accessRequest.findMany({
      where: { subjectId: t.subjectId, entitlementId: t.entitlementId, id: { not: t.id }, status: { not: "DRAFT" } },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 10,
      select: { number: true, status: true, createdAt: true },
    }),
    db.accessRequest.groupBy({ by: ["status"], where: peerWhere, _count: { _all: true }, orderBy: { status: "asc" } }),
    db.accessRequest.findMany({ where: peerWhere, distinct: ["requesterId"], select: { requesterId: true } }),
  ]);
  const count = (statuses: RequestStatus[] | null) =>
    byStatus.filter((row) => (statuses ? statuses.includes(row.status) : ![...APPROVED, ...PENDING, "DENIED"].includes(row.status))).reduce((n, row) => n + row._count._all, 0);
  return {
    previousGrants: grants.map((g) => ({ ticket: formatRequestNumber(g.request.number), status: g.status, grantedAt: g.grantedAt, expiresAt: g.expiresAt, revokedAt: g.revokedAt })),
    earlierTickets: tickets.map((r) => ({ ticket: formatRequestNumber(r.number), status: r.status, createdAt: r.createdAt })),
    peers: {
      windowDays: PEER_WINDOW_DAYS,
      people: people.length,
      tickets: byStatus.reduce((n, row) => n + row._count._all, 0),
      approved: count(APPROVED),
      denied: count(["DENIED"]),
      pending: count(PENDING),
      other: count(null),
    },
  };
}
