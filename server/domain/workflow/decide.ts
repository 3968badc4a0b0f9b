import { z } from "zod";
import { Prisma, type PrismaClient, type RequestStatus, type RiskTier, type StageStatus } from "@/server/db/generated/client";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { queueFulfilment } from "@/server/domain/fulfilment/fulfil";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { ticketNumberSchema } from "@/server/domain/requests/input";
import { notify, type NotificationInput } from "@/server/domain/notifications/notify";
import { concludeFollowUpReview } from "./follow-up";
import { ticketHeadline } from "./headline";
import { narrowScope, type ScopeChange } from "./narrow";
import { openStage } from "./open-stage";
import { assertMayDecide, assertNoLinkedOwnAccess, assertNotOnlyOwners, type DecisionSodFacts } from "./sod";

/** Shared by the approver's form and the procedure. */
export const decideInput = z.object({
  number: ticketNumberSchema,
  /** REQUEST_INFO sends the ticket back to the requester with the comment as the question. */
  outcome: z.enum(["APPROVE", "DENY", "REQUEST_INFO"]),
  comment: z.string().trim().max(2000, "must be at most 2,000 characters").optional(),
  /** APPROVE only: the scope to let through, within the requested one (narrowed, never widened). */
  scope: z.record(z.string(), z.unknown()).optional(),
  /** APPROVE only: an end date earlier than the ticket's, never later. */
  expiresAt: z.iso.datetime({ offset: true, message: "must be a date and time with a time zone" }).optional(),
});

export type DecideInput = z.infer<typeof decideInput>;

export interface DecideResult {
  status: RequestStatus;
  stage: { position: number; status: StageStatus; approvals: number; quorum: number };
}

const TX = { maxWait: 15_000, timeout: 30_000 } as const;
const SCOPED_KINDS = new Set(["GRANT", "MODIFY", "EXCEPTION"]);

/**
 * One approver decides the ticket's current stage. The stage row is locked first, so decisions
 * on one stage run one after the other and each sees the others' results: a quorum is counted
 * once and a stage is completed once. Every write and its audit events share one transaction.
 */
export async function decideStage(db: PrismaClient, actor: Viewer, input: DecideInput, now: Date = new Date()): Promise<DecideResult> {
  const comment = input.comment?.trim() || null;
  if (input.outcome === "DENY" && !comment) throw new AppError("BAD_REQUEST", "Say why you deny the request.", "comment");
  if (input.outcome === "REQUEST_INFO" && !comment) throw new AppError("BAD_REQUEST", "Write the question the requester should answer.", "comment");
  if (input.outcome !== "APPROVE" && input.scope) throw new AppError("BAD_REQUEST", "Only an approval can narrow the scope.", "scope");
  if (input.outcome !== "APPROVE" && input.expiresAt) throw new AppError("BAD_REQUEST", "Only an approval can shorten the expiry.", "expiresAt");
  const visible = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(input.number) }, visibleTicketWhere(actor, now)] },
    select: { id: true },
  });
  if (!visible) throw notFound();
  try {
    return await db.$transaction((tx) => decideLocked(tx, actor, visible.id, { ...input, comment }, now), TX);
  } catch (error) {
    // The unique (stageId, approverId) is the last guard against deciding a stage twice.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyDecided();
    // A serialization failure or deadlock aborts the whole transaction: nothing of it was written.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") {
      throw new AppError("CONFLICT", "The ticket changed while you were deciding it; reload it.", "number");
    }
    throw error;
  }
}

/** Locks the stage deciding now (PENDING, or waiting for the requester's answer). */
export async function lockOpenStage(tx: Prisma.TransactionClient, requestId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "ApprovalStage" WHERE "requestId" = ${requestId} AND status IN ('PENDING', 'INFO_REQUESTED') FOR UPDATE`;
  return rows[0]?.id ?? null;
}

const ticketSelect = {
  id: true,
  number: true,
  kind: true,
  status: true,
  requesterId: true,
  approverPath: true,
  riskTier: true,
  scope: true,
  approvedScope: true,
  expiresAt: true,
  subject: { select: { userId: true, kind: true, ownerId: true, backupOwnerId: true } },
  policyVersion: { select: { document: true } },
} as const satisfies Prisma.AccessRequestSelect;

async function decideLocked(
  tx: Prisma.TransactionClient,
  actor: Viewer,
  requestId: string,
  input: Omit<DecideInput, "comment"> & { comment: string | null },
  now: Date,
): Promise<DecideResult> {
  // A decision that completed the stage while this one waited leaves no open row to lock;
  // a fresh look then finds the next stage, if the ticket moved on.
  const stageId = (await lockOpenStage(tx, requestId)) ?? (await lockOpenStage(tx, requestId));
  const ticket = await tx.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: ticketSelect });
  if (ticket.status !== "PENDING_APPROVAL" || !stageId) {
    const what = ticket.status === "CANCELLED" ? "was cancelled" : `is already decided (${ticket.status})`;
    throw new AppError("CONFLICT", `This ticket ${what}; it is not waiting for a decision.`, "number");
  }
  const policy = policySettings(ticket.policyVersion?.document ?? null);
  const sod: DecisionSodFacts = {
    actorId: actor.id,
    requesterId: ticket.requesterId,
    subject: ticket.subject,
    riskTier: ticket.riskTier,
    nhiOwnerSoleApproverMaxRiskTier: policy.nhiOwnerSoleApproverMaxRiskTier,
  };
  // Separation of duties holds for every role, admins included.
  assertMayDecide(sod);
  await assertNoLinkedOwnAccess(tx, requestId, actor.id);
  const stage = await tx.approvalStage.findUniqueOrThrow({
    where: { id: stageId },
    select: { id: true, position: true, name: true, quorum: true, status: true, decisions: { select: { approverId: true, outcome: true } } },
  });
  if (stage.decisions.some((d) => d.approverId === actor.id)) throw alreadyDecided();
  if (stage.status === "INFO_REQUESTED") {
    throw new AppError("CONFLICT", `Stage "${stage.name}" is waiting for the requester's answer to a question; decide it once they reply.`, "number");
  }
  const assignment = await assignmentFor(tx, stageId, actor.id, policy.delegationAllowed, now);
  if (!assignment) {
    throw new AppError("FORBIDDEN", `This ticket is not waiting on you: stage "${stage.name}" has no open assignment for you.`, "number");
  }
  const onBehalfOfId = assignment.approverId !== actor.id ? assignment.approverId : assignment.onBehalfOfId;
  const headline = await ticketHeadline(tx, requestId);
  if (input.outcome === "REQUEST_INFO") {
    return requestInfo(tx, { actor, requestId, stage, onBehalfOfId, question: input.comment!, headline, now });
  }

  const narrowing = input.outcome === "APPROVE" ? narrowingOf(ticket, input, now) : null;
  const decision = await tx.approvalDecision.create({
    data: {
      stageId,
      requestId,
      approverId: actor.id,
      onBehalfOfId,
      outcome: input.outcome,
      comment: input.comment,
      narrowedScope: narrowing?.scope ?? Prisma.JsonNull,
      shortenedExpiresAt: narrowing?.expiresAt?.to ?? null,
    },
    select: { id: true },
  });
  await tx.approvalAssignment.update({ where: { id: assignment.id }, data: { status: "DONE" } });
  if (narrowing) {
    await tx.accessRequest.update({
      where: { id: requestId },
      data: {
        ...(narrowing.scope ? { approvedScope: narrowing.scope } : {}),
        ...(narrowing.expiresAt ? { expiresAt: narrowing.expiresAt.to } : {}),
      },
    });
  }
  const approvers = new Set([...stage.decisions.filter((d) => d.outcome === "APPROVE").map((d) => d.approverId), ...(input.outcome === "APPROVE" ? [actor.id] : [])]);
  const approvals = approvers.size;
  const ref = { requestId, entityType: "AccessRequest", entityId: requestId } as const;
  const events: AuditEventInput[] = [
    {
      actorType: "USER",
      actorId: actor.id,
      action: input.outcome === "APPROVE" ? "approval.approved" : "approval.denied",
      entityType: "ApprovalDecision",
      entityId: decision.id,
      requestId,
      data: {
        stage: stage.name,
        position: stage.position,
        approvals,
        quorum: stage.quorum,
        onBehalfOfId,
        comment: input.comment,
        ...(narrowing ? { narrowed: { scopeChanges: narrowing.changes, expiresAt: narrowing.expiresAt } } : {}),
      },
    },
  ];
  const notes: NotificationInput[] = [];

  let status: RequestStatus = "PENDING_APPROVAL";
  let stageStatus: StageStatus = "PENDING";
  if (input.outcome === "DENY" || approvals >= stage.quorum) {
    stageStatus = input.outcome === "DENY" ? "DENIED" : "APPROVED";
    const next =
      input.outcome === "APPROVE"
        ? await tx.approvalStage.findFirst({
            where: { requestId, position: { gt: stage.position }, status: "WAITING" },
            orderBy: { position: "asc" },
            select: { id: true, position: true, name: true, quorum: true, slaHours: true },
          })
        : null;
    if (input.outcome === "APPROVE" && !next) {
      // The last approval: the owners of an NHI may not be the only ones who said yes.
      const earlier = await tx.approvalDecision.findMany({ where: { requestId, outcome: "APPROVE" }, select: { approverId: true } });
      assertNotOnlyOwners(sod, [...earlier.map((d) => d.approverId), actor.id]);
    }
    await tx.approvalStage.update({ where: { id: stageId }, data: { status: stageStatus, completedAt: now } });
    // A denial ends the ticket: every open assignment goes; an approval ends only this stage's.
    await tx.approvalAssignment.updateMany({
      where: input.outcome === "DENY" ? { requestId, status: "OPEN" } : { stageId, status: "OPEN" },
      data: { status: "WITHDRAWN" },
    });
    events.push({
      actorType: "SYSTEM",
      action: "approval.stage_completed",
      entityType: "ApprovalStage",
      entityId: stageId,
      requestId,
      data: { stage: stage.name, position: stage.position, status: stageStatus, approvals, quorum: stage.quorum },
    });
    if (next) {
      const opening = { ...ticket, subjectUserId: ticket.subject.userId, delegationAllowed: policy.delegationAllowed };
      events.push(await openStage(tx, opening, next, now));
      await tx.accessRequest.update({ where: { id: requestId }, data: { currentStage: next.position } });
    } else if (ticket.kind === "REVIEW") {
      if (input.outcome === "DENY") await tx.approvalStage.updateMany({ where: { requestId, status: "WAITING" }, data: { status: "SKIPPED" } });
      // A follow-up review grants nothing: it confirms the emergency access or takes it away.
      const concluded = await concludeFollowUpReview(tx, ticket, { outcome: input.outcome, actorId: actor.id, comment: input.comment }, now);
      status = concluded.status;
      events.push(...concluded.events);
      notes.push(...concluded.notes);
    } else {
      status = input.outcome === "DENY" ? "DENIED" : "APPROVED";
      if (input.outcome === "DENY") {
        await tx.approvalStage.updateMany({ where: { requestId, status: "WAITING" }, data: { status: "SKIPPED" } });
      }
      await tx.accessRequest.update({ where: { id: requestId }, data: { status, decidedAt: now, currentStage: null } });
      events.push({
        ...ref,
        actorType: "USER",
        actorId: actor.id,
        action: status === "APPROVED" ? "request.approved" : "request.denied",
        data: { number: ticket.number, stage: stage.name, position: stage.position, comment: input.comment },
      });
      if (status === "APPROVED") {
        // Fulfilment runs as a job; the dedupe key makes the queueing happen once per ticket.
        await queueFulfilment(tx, requestId, now);
      }
      for (const userId of new Set([ticket.requesterId, ...(ticket.subject.userId ? [ticket.subject.userId] : [])])) {
        notes.push({
          userId,
          requestId,
          kind: status === "APPROVED" ? "request.approved" : "request.denied",
          title: `${headline.reference} was ${status === "APPROVED" ? "approved" : "denied"}`,
          body: `${headline.title}.${input.comment ? ` ${status === "APPROVED" ? "Comment" : "Reason"}: ${input.comment}` : ""}`,
        });
      }
    }
  }
  await notify(tx, notes);
  // The audit trail is the last write: it commits or rolls back with the decision.
  await appendAuditEvents(tx, events);
  return { status, stage: { position: stage.position, status: stageStatus, approvals, quorum: stage.quorum } };
}

/**
 * The open assignment the actor decides: their own, else (when the pinned policy allows
 * delegation) one of someone who has delegated to them for a period covering now.
 */
async function assignmentFor(tx: Prisma.TransactionClient, stageId: string, actorId: string, delegationAllowed: boolean, now: Date) {
  const select = { id: true, approverId: true, onBehalfOfId: true } as const;
  const own = await tx.approvalAssignment.findFirst({ where: { stageId, approverId: actorId, status: "OPEN" }, select });
  if (own || !delegationAllowed) return own;
  return tx.approvalAssignment.findFirst({
    where: {
      stageId,
      status: "OPEN",
      approver: { delegationsGiven: { some: { delegateId: actorId, startsAt: { lte: now }, endsAt: { gt: now } } } },
    },
    orderBy: { createdAt: "asc" },
    select,
  });
}

interface Narrowing {
  scope: Prisma.InputJsonObject | null;
  changes: ScopeChange[];
  expiresAt: { from: Date | null; to: Date } | null;
}

/** What an approval takes away from the ticket, checked to be a narrowing; null when nothing. */
function narrowingOf(
  ticket: { kind: string; scope: Prisma.JsonValue; approvedScope: Prisma.JsonValue; expiresAt: Date | null },
  input: Pick<DecideInput, "scope" | "expiresAt">,
  now: Date,
): Narrowing | null {
  let scope: Prisma.InputJsonObject | null = null;
  let changes: ScopeChange[] = [];
  if (input.scope) {
    if (!SCOPED_KINDS.has(ticket.kind)) {
      throw new AppError("BAD_REQUEST", `The scope of a ${ticket.kind} ticket cannot be narrowed; approve or deny it as requested.`, "scope");
    }
    changes = narrowScope(ticket.approvedScope ?? ticket.scope, input.scope);
    if (changes.length > 0) scope = input.scope as Prisma.InputJsonObject;
  }
  let expiresAt: Narrowing["expiresAt"] = null;
  if (input.expiresAt) {
    const to = new Date(input.expiresAt);
    if (to <= now) throw new AppError("BAD_REQUEST", "The new expiry must be in the future.", "expiresAt");
    if (ticket.expiresAt && to > ticket.expiresAt) {
      throw new AppError("BAD_REQUEST", `The expiry may only be shortened: it must be on or before ${ticket.expiresAt.toISOString()}.`, "expiresAt");
    }
    if (!ticket.expiresAt || to < ticket.expiresAt) expiresAt = { from: ticket.expiresAt, to };
  }
  return scope || expiresAt ? { scope, changes, expiresAt } : null;
}

interface InfoRequest {
  actor: Viewer;
  requestId: string;
  stage: { id: string; name: string; position: number };
  onBehalfOfId: string | null;
  question: string;
  headline: { reference: string; title: string; requesterId: string };
  now: Date;
}

/**
 * Sends the ticket back to the requester with a question. The stage waits (INFO_REQUESTED) with
 * its assignments still open and no decision counted; the answer returns it to the same stage.
 */
async function requestInfo(tx: Prisma.TransactionClient, r: InfoRequest): Promise<DecideResult> {
  const stage = await tx.approvalStage.update({
    where: { id: r.stage.id },
    data: { status: "INFO_REQUESTED", infoRequest: { question: r.question, askedById: r.actor.id, askedAt: r.now.toISOString(), onBehalfOfId: r.onBehalfOfId } },
    select: { quorum: true, _count: { select: { decisions: { where: { outcome: "APPROVE" } } } } },
  });
  const comment = await tx.comment.create({ data: { requestId: r.requestId, authorId: r.actor.id, body: r.question }, select: { id: true } });
  await notify(tx, [
    {
      userId: r.headline.requesterId,
      requestId: r.requestId,
      kind: "approval.info_requested",
      title: `${r.headline.reference}: the approver has a question`,
      body: `${r.headline.title}. Question: ${r.question}`,
    },
  ]);
  await appendAuditEvents(tx, [
    {
      actorType: "USER",
      actorId: r.actor.id,
      action: "approval.info_requested",
      entityType: "ApprovalStage",
      entityId: r.stage.id,
      requestId: r.requestId,
      data: { stage: r.stage.name, position: r.stage.position, question: r.question, commentId: comment.id, onBehalfOfId: r.onBehalfOfId },
    },
  ]);
  return {
    status: "PENDING_APPROVAL",
    stage: { position: r.stage.position, status: "INFO_REQUESTED", approvals: stage._count.decisions, quorum: stage.quorum },
  };
}

function alreadyDecided(): AppError {
  return new AppError("CONFLICT", "You have already decided this stage; each approver counts once.", "number");
}

/** The pinned policy version's approval settings; a document without them allows no delegation. */
function policySettings(document: Prisma.JsonValue | null): { delegationAllowed: boolean; nhiOwnerSoleApproverMaxRiskTier: RiskTier } {
  const doc = document && typeof document === "object" && !Array.isArray(document) ? document : {};
  const approvals = doc.approvals && typeof doc.approvals === "object" && !Array.isArray(doc.approvals) ? doc.approvals : {};
  const sod = doc.separationOfDuties && typeof doc.separationOfDuties === "object" && !Array.isArray(doc.separationOfDuties) ? doc.separationOfDuties : {};
  const tier = sod.nhiOwnerSoleApproverMaxRiskTier;
  return {
    delegationAllowed: approvals.delegationAllowed === true,
    nhiOwnerSoleApproverMaxRiskTier: tier === "LOW" || tier === "MEDIUM" || tier === "HIGH" || tier === "CRITICAL" ? tier : "MEDIUM",
  };
}
