import type { PrismaClient } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { parseRequestNumber } from "@/server/domain/requests/number";
import type { InboxQuery, InboxSort, SlaState } from "./inbox-input";

const HOUR = 3_600_000;
/** A stage is due soon in the last quarter of its SLA. */
export const DUE_SOON_SHARE = 0.25;

export function slaStateOf(dueAt: Date | null, slaHours: number, now: Date): SlaState {
  if (!dueAt) return "ok";
  if (dueAt < now) return "overdue";
  return dueAt.getTime() - now.getTime() <= slaHours * HOUR * DUE_SOON_SHARE ? "due_soon" : "ok";
}

/**
 * What waits on the actor: their own open assignments, and those of anyone who has delegated to
 * them for a period covering now, on stages deciding now of tickets still pending. Tickets the
 * actor asked for themselves are never theirs to decide, nor stages they have decided already;
 * a stage where the actor has their own assignment shows once, as their own. The delegators are
 * read first, so the assignments are found through the (approverId, status) index by id instead
 * of testing every open assignment's approver for a delegation.
 */
export async function waitingOnWhere(db: PrismaClient, actorId: string, now: Date): Promise<Prisma.ApprovalAssignmentWhereInput> {
  const delegations = await db.delegation.findMany({
    where: { delegateId: actorId, startsAt: { lte: now }, endsAt: { gt: now } },
    select: { delegatorId: true },
  });
  const delegators = [...new Set(delegations.map((d) => d.delegatorId))].filter((id) => id !== actorId);
  return {
    status: "OPEN",
    stage: { status: "PENDING", decisions: { none: { approverId: actorId } } },
    request: { status: "PENDING_APPROVAL", requesterId: { not: actorId } },
    OR: [
      { approverId: actorId },
      ...(delegators.length > 0 ? [{ approverId: { in: delegators }, stage: { assignments: { none: { approverId: actorId } } } }] : []),
    ],
  };
}

/**
 * The SLA window depends on each stage's own slaHours, which Prisma cannot multiply in a filter;
 * the few distinct SLA lengths of deciding stages turn it into one comparison per length.
 */
async function slaWhere(db: PrismaClient, state: SlaState, now: Date): Promise<Prisma.ApprovalAssignmentWhereInput> {
  if (state === "overdue") return { stage: { dueAt: { lt: now } } };
  const lengths = await db.approvalStage.findMany({ where: { status: "PENDING" }, distinct: ["slaHours"], select: { slaHours: true } });
  const edge = (hours: number) => new Date(now.getTime() + hours * HOUR * DUE_SOON_SHARE);
  if (state === "due_soon") {
    if (lengths.length === 0) return { id: { in: [] } };
    return { OR: lengths.map(({ slaHours }) => ({ stage: { slaHours, dueAt: { gte: now, lte: edge(slaHours) } } })) };
  }
  return {
    OR: [{ stage: { dueAt: null } }, ...lengths.map(({ slaHours }) => ({ stage: { slaHours, dueAt: { gt: edge(slaHours) } } }))],
  };
}

function searchWhere(q: string): Prisma.AccessRequestWhereInput {
  const text = { contains: q, mode: "insensitive" as const };
  const number = parseRequestNumber(q);
  return {
    OR: [
      ...(number !== null ? [{ number }] : []),
      { entitlement: { name: text } },
      { system: { name: text } },
      { subject: { displayName: text } },
      { requester: { name: text } },
    ],
  };
}

export async function inboxWhere(db: PrismaClient, actorId: string, query: InboxQuery, now: Date): Promise<Prisma.ApprovalAssignmentWhereInput> {
  const { riskTier, systemKey, kind, slaState, q } = query.filters;
  const request: Prisma.AccessRequestWhereInput = {
    ...(riskTier?.length ? { riskTier: { in: riskTier } } : {}),
    ...(kind?.length ? { kind: { in: kind } } : {}),
    ...(systemKey ? { system: { key: systemKey } } : {}),
    ...(q ? searchWhere(q) : {}),
  };
  const and: Prisma.ApprovalAssignmentWhereInput[] = [await waitingOnWhere(db, actorId, now)];
  if (Object.keys(request).length > 0) and.push({ request });
  if (slaState) and.push(await slaWhere(db, slaState, now));
  return { AND: and };
}

/** Every order ends on the assignment id so pages never overlap or skip on ties. */
export function inboxOrderBy(sort: InboxSort, dir: "asc" | "desc"): Prisma.ApprovalAssignmentOrderByWithRelationInput[] {
  const nullsLast = { sort: dir, nulls: "last" as const };
  const byId = { id: "asc" as const };
  switch (sort) {
    case "age":
      return [{ createdAt: dir }, byId];
    case "sla":
      return [{ stage: { dueAt: nullsLast } }, byId];
    case "risk":
      return [{ request: { riskScore: nullsLast } }, { request: { riskTier: nullsLast } }, byId];
    case "number":
      return [{ request: { number: dir } }, byId];
  }
}
