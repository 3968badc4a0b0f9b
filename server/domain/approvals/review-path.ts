import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { AssignmentStatus, DecisionOutcome, RiskTier, StageStatus } from "@/server/db/generated/enums";
import { AppError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/requests/visibility";
import { assertMayDecide, assertNoLinkedOwnAccess, assertNotOnlyOwners, type DecisionSodFacts } from "@/server/domain/workflow/sod";
import { slaStateOf } from "./inbox-where";

const who = { select: { id: true, name: true, email: true } } as const;

/** One approver's decision as every view of a ticket shows it. */
export const decisionSelect = {
  orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  select: { id: true, outcome: true, comment: true, narrowedScope: true, shortenedExpiresAt: true, createdAt: true, approver: who, onBehalfOf: who },
} as const satisfies Prisma.ApprovalStage$decisionsArgs;

export function decisionView(d: Prisma.ApprovalDecisionGetPayload<{ select: (typeof decisionSelect)["select"] }>) {
  return {
    id: d.id,
    approver: d.approver,
    onBehalfOf: d.onBehalfOf,
    outcome: d.outcome,
    comment: d.comment,
    narrowedScope: d.narrowedScope,
    shortenedExpiresAt: d.shortenedExpiresAt,
    at: d.createdAt,
  };
}

export const pathStageSelect = {
  id: true,
  position: true,
  name: true,
  status: true,
  quorum: true,
  slaHours: true,
  dueAt: true,
  startedAt: true,
  completedAt: true,
  remindedAt: true,
  escalatedAt: true,
  infoRequest: true,
  assignments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, status: true, approver: who, onBehalfOf: who } },
  decisions: decisionSelect,
} as const satisfies Prisma.ApprovalStageSelect;

type StageRow = Prisma.ApprovalStageGetPayload<{ select: typeof pathStageSelect }>;

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export type StageSla = "ok" | "due_soon" | "overdue" | "none";

export interface PathStage {
  position: number;
  name: string;
  status: StageStatus;
  quorum: number;
  approvals: number;
  slaHours: number;
  dueAt: Date | null;
  sla: StageSla;
  startedAt: Date | null;
  completedAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  assignees: { approver: PersonRef; onBehalfOf: PersonRef | null; status: AssignmentStatus }[];
  decisions: {
    id: string;
    approver: PersonRef;
    onBehalfOf: PersonRef | null;
    outcome: DecisionOutcome;
    comment: string | null;
    narrowedScope: Prisma.JsonValue | null;
    shortenedExpiresAt: Date | null;
    at: Date;
  }[];
}

export interface InfoRequest {
  stage: string;
  question: string;
  askedBy: { id: string; name: string } | null;
  onBehalfOf: { id: string; name: string } | null;
  askedAt: Date | null;
}

export interface CanDecide {
  allowed: boolean;
  /** Why not, in one sentence; null when allowed. */
  reason: string | null;
  /** The stage the viewer would decide. */
  stage: { position: number; name: string; quorum: number; approvals: number } | null;
  /** The approver the viewer decides for (a delegation), if not for themself. */
  onBehalfOf: { id: string; name: string } | null;
  /** When the viewer may decide but not approve (deny or ask only): why. */
  approveRefusal: string | null;
}

export function toPathStages(stages: StageRow[], now: Date): PathStage[] {
  return stages.map((s) => ({
    position: s.position,
    name: s.name,
    status: s.status,
    quorum: s.quorum,
    approvals: new Set(s.decisions.filter((d) => d.outcome === "APPROVE").map((d) => d.approver.id)).size,
    slaHours: s.slaHours,
    dueAt: s.dueAt,
    sla: s.status === "PENDING" ? slaStateOf(s.dueAt, s.slaHours, now) : "none",
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    remindedAt: s.remindedAt,
    escalatedAt: s.escalatedAt,
    assignees: s.assignments.map((a) => ({ approver: a.approver, onBehalfOf: a.onBehalfOf, status: a.status })),
    decisions: s.decisions.map(decisionView),
  }));
}

function record(value: Prisma.JsonValue | null): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The open question of a stage waiting for the requester: the stage's infoRequest, or, for a
 * stage recorded without one (older data), its latest REQUEST_INFO decision.
 */
export async function openInfoRequest(db: PrismaClient, stages: StageRow[]): Promise<InfoRequest | null> {
  const stage = stages.find((s) => s.status === "INFO_REQUESTED");
  if (!stage) return null;
  const stored = record(stage.infoRequest);
  if (stored && typeof stored.question === "string") {
    const ids = [stored.askedById, stored.onBehalfOfId].filter((v): v is string => typeof v === "string");
    const people = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    const find = (id: unknown) => people.find((p) => p.id === id) ?? null;
    const askedAt = typeof stored.askedAt === "string" ? new Date(stored.askedAt) : null;
    return { stage: stage.name, question: stored.question, askedBy: find(stored.askedById), onBehalfOf: find(stored.onBehalfOfId), askedAt: askedAt && !Number.isNaN(askedAt.getTime()) ? askedAt : null };
  }
  const asked = stage.decisions.filter((d) => d.outcome === "REQUEST_INFO").at(-1);
  if (!asked) return null;
  return { stage: stage.name, question: asked.comment ?? "", askedBy: asked.approver, onBehalfOf: asked.onBehalfOf, askedAt: asked.createdAt };
}

const no = (reason: string, stage: CanDecide["stage"] = null): CanDecide => ({ allowed: false, reason, stage, onBehalfOf: null, approveRefusal: null });

function names(list: string[]): string {
  if (list.length <= 1) return list[0] ?? "nobody";
  return `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** The separation-of-duties refusal a decision would meet, as its message; null when none. */
async function sodRefusal(check: () => void | Promise<void>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

export interface DecideFacts {
  id: string;
  status: string;
  requesterId: string;
  requesterName: string;
  riskTier: RiskTier | null;
  subject: DecisionSodFacts["subject"];
}

/**
 * Whether the viewer may decide now, by the rules the decision itself applies (and with its own
 * separation-of-duties checks): an OPEN assignment on the PENDING stage, their own or, when the
 * pinned policy allows delegation, one of someone who delegated to them for a period covering now;
 * never the requester, the person the access is for, or someone a linked ticket gives access; once per stage.
 */
export async function canDecide(
  db: PrismaClient,
  viewer: Viewer,
  ticket: DecideFacts,
  policy: { delegationAllowed: boolean; nhiOwnerSoleApproverMaxRiskTier: RiskTier },
  stages: StageRow[],
  info: InfoRequest | null,
  now: Date,
): Promise<CanDecide> {
  if (ticket.status !== "PENDING_APPROVAL") return no(`This ticket is ${ticket.status.toLowerCase().replaceAll("_", " ")}; it is not waiting for a decision.`);
  const sod: DecisionSodFacts = { actorId: viewer.id, requesterId: ticket.requesterId, subject: ticket.subject, riskTier: ticket.riskTier, nhiOwnerSoleApproverMaxRiskTier: policy.nhiOwnerSoleApproverMaxRiskTier };
  const refusal = (await sodRefusal(() => assertMayDecide(sod))) ?? (await sodRefusal(() => assertNoLinkedOwnAccess(db, ticket.id, viewer.id)));
  if (refusal) return no(refusal);
  const open = stages.find((s) => s.status === "PENDING" || s.status === "INFO_REQUESTED");
  if (!open) return no("No stage of this ticket is open for decisions right now.");
  const approvers = new Set(open.decisions.filter((d) => d.outcome === "APPROVE").map((d) => d.approver.id));
  const stage = { position: open.position, name: open.name, quorum: open.quorum, approvals: approvers.size };
  if (open.decisions.some((d) => d.approver.id === viewer.id)) return no("You have already decided this stage; each approver counts once.", stage);
  if (open.status === "INFO_REQUESTED") {
    return no(`Waiting for ${ticket.requesterName} to answer ${info?.askedBy?.name ?? "an approver"}'s question; decide once they reply.`, stage);
  }
  const assigned = open.assignments.filter((a) => a.status === "OPEN");
  const own = assigned.find((a) => a.approver.id === viewer.id);
  let onBehalfOf: CanDecide["onBehalfOf"] = own?.onBehalfOf ? { id: own.onBehalfOf.id, name: own.onBehalfOf.name } : null;
  if (!own) {
    const others = assigned.filter((a) => a.approver.id !== viewer.id);
    const delegation =
      policy.delegationAllowed && others.length
        ? await db.delegation.findFirst({
            where: { delegateId: viewer.id, delegatorId: { in: others.map((a) => a.approver.id) }, startsAt: { lte: now }, endsAt: { gt: now } },
            orderBy: [{ startsAt: "desc" }, { id: "asc" }],
            select: { delegatorId: true },
          })
        : null;
    const delegated = delegation ? others.find((a) => a.approver.id === delegation.delegatorId) : undefined;
    if (!delegated) return no(`This ticket is not waiting on you: stage "${open.name}" is assigned to ${names(assigned.map((a) => a.approver.name))}.`, stage);
    onBehalfOf = { id: delegated.approver.id, name: delegated.approver.name };
  }
  // Approving the last stage must not leave an NHI's owners as the only approvers.
  const last = !stages.some((s) => s.position > open.position && s.status === "WAITING");
  const earlier = stages.flatMap((s) => s.decisions.filter((d) => d.outcome === "APPROVE").map((d) => d.approver.id));
  const approveRefusal = last && approvers.size + 1 >= open.quorum ? await sodRefusal(() => assertNotOnlyOwners(sod, [...earlier, viewer.id])) : null;
  return { allowed: true, reason: null, stage, onBehalfOf, approveRefusal };
}
