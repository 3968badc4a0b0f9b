import { z } from "zod";
import { Prisma, type PrismaClient, type RequestStatus, type StageStatus } from "@/server/db/generated/client";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { ticketNumberSchema } from "@/server/domain/requests/input";
import { openStage } from "./open-stage";

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

/**
 * One approver decides the ticket's current stage. The stage row is locked first, so decisions
 * on one stage run one after the other and each sees the others' results: a quorum is counted
 * once and a stage is completed once. Every write and its audit events share one transaction.
 */
export async function decideStage(db: PrismaClient, actor: Viewer, input: DecideInput): Promise<DecideResult> {
  const comment = input.comment?.trim() || null;
  if (input.outcome === "DENY" && !comment) throw new AppError("BAD_REQUEST", "Say why you deny the request.", "comment");
  const visible = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(input.number) }, visibleTicketWhere(actor)] },
    select: { id: true },
  });
  if (!visible) throw notFound();
  try {
    return await db.$transaction((tx) => decideLocked(tx, actor, visible.id, input.outcome, comment), TX);
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

async function lockPendingStage(tx: Prisma.TransactionClient, requestId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "ApprovalStage" WHERE "requestId" = ${requestId} AND status = 'PENDING' FOR UPDATE`;
  return rows[0]?.id ?? null;
}

async function decideLocked(
  tx: Prisma.TransactionClient,
  actor: Viewer,
  requestId: string,
  outcome: "APPROVE" | "DENY",
  comment: string | null,
): Promise<DecideResult> {
  // A decision that completed the stage while this one waited leaves no PENDING row to lock;
  // a fresh look then finds the next stage, if the ticket moved on.
  const stageId = (await lockPendingStage(tx, requestId)) ?? (await lockPendingStage(tx, requestId));
  const ticket = await tx.accessRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: {
      id: true,
      number: true,
      status: true,
      requesterId: true,
      approverPath: true,
      subject: { select: { userId: true } },
      policyVersion: { select: { document: true } },
    },
  });
  if (ticket.status !== "PENDING_APPROVAL" || !stageId) {
    const what = ticket.status === "CANCELLED" ? "was cancelled" : `is already decided (${ticket.status})`;
    throw new AppError("CONFLICT", `This ticket ${what}; it is not waiting for a decision.`, "number");
  }
  // Separation of duties holds for every role, admins included.
  if (ticket.requesterId === actor.id) {
    throw new AppError("FORBIDDEN", "Separation of duties: the requester may not decide their own request.", "number");
  }
  if (ticket.subject.userId === actor.id) {
    throw new AppError("FORBIDDEN", "Separation of duties: nobody may decide a request for their own access.", "number");
  }
  const stage = await tx.approvalStage.findUniqueOrThrow({
    where: { id: stageId },
    select: { id: true, position: true, name: true, quorum: true, decisions: { select: { approverId: true, outcome: true } } },
  });
  if (stage.decisions.some((d) => d.approverId === actor.id)) throw alreadyDecided();
  const assignment = await tx.approvalAssignment.findFirst({
    where: { stageId, approverId: actor.id, status: "OPEN" },
    select: { id: true, onBehalfOfId: true },
  });
  if (!assignment) {
    throw new AppError("FORBIDDEN", `This ticket is not waiting on you: stage "${stage.name}" has no open assignment for you.`, "number");
  }

  const now = new Date();
  const decision = await tx.approvalDecision.create({
    data: { stageId, requestId, approverId: actor.id, onBehalfOfId: assignment.onBehalfOfId, outcome, comment },
    select: { id: true },
  });
  await tx.approvalAssignment.update({ where: { id: assignment.id }, data: { status: "DONE" } });
  const approvals = new Set([...stage.decisions.filter((d) => d.outcome === "APPROVE").map((d) => d.approverId), ...(outcome === "APPROVE" ? [actor.id] : [])]).size;
  const ref = { requestId, entityType: "AccessRequest", entityId: requestId } as const;
  const events: AuditEventInput[] = [
    {
      actorType: "USER",
      actorId: actor.id,
      action: outcome === "APPROVE" ? "approval.approved" : "approval.denied",
      entityType: "ApprovalDecision",
      entityId: decision.id,
      requestId,
      data: { stage: stage.name, position: stage.position, approvals, quorum: stage.quorum, onBehalfOfId: assignment.onBehalfOfId, comment },
    },
  ];
  const stageEvent = (status: StageStatus): AuditEventInput => ({
    actorType: "SYSTEM",
    action: "approval.stage_completed",
    entityType: "ApprovalStage",
    entityId: stageId,
    requestId,
    data: { stage: stage.name, position: stage.position, status, approvals, quorum: stage.quorum },
  });

  let status: RequestStatus = "PENDING_APPROVAL";
  let stageStatus: StageStatus = "PENDING";
  if (outcome === "DENY" || approvals >= stage.quorum) {
    stageStatus = outcome === "DENY" ? "DENIED" : "APPROVED";
    await tx.approvalStage.update({ where: { id: stageId }, data: { status: stageStatus, completedAt: now } });
    // A denial ends the ticket: every open assignment goes; an approval ends only this stage's.
    await tx.approvalAssignment.updateMany({
      where: outcome === "DENY" ? { requestId, status: "OPEN" } : { stageId, status: "OPEN" },
      data: { status: "WITHDRAWN" },
    });
    events.push(stageEvent(stageStatus));
    const next =
      outcome === "APPROVE"
        ? await tx.approvalStage.findFirst({
            where: { requestId, position: { gt: stage.position }, status: "WAITING" },
            orderBy: { position: "asc" },
            select: { id: true, position: true, name: true, quorum: true, slaHours: true },
          })
        : null;
    if (next) {
      const opening = { ...ticket, subjectUserId: ticket.subject.userId, delegationAllowed: delegationAllowed(ticket.policyVersion?.document ?? null) };
      events.push(await openStage(tx, opening, next, now));
      await tx.accessRequest.update({ where: { id: requestId }, data: { currentStage: next.position } });
    } else {
      status = outcome === "DENY" ? "DENIED" : "APPROVED";
      if (outcome === "DENY") {
        await tx.approvalStage.updateMany({ where: { requestId, status: "WAITING" }, data: { status: "SKIPPED" } });
      }
      await tx.accessRequest.update({ where: { id: requestId }, data: { status, decidedAt: now, currentStage: null } });
      events.push({
        ...ref,
        actorType: "USER",
        actorId: actor.id,
        action: status === "APPROVED" ? "request.approved" : "request.denied",
        data: { number: ticket.number, stage: stage.name, position: stage.position, comment },
      });
    }
  }
  // The audit trail is the last write: it commits or rolls back with the decision.
  await appendAuditEvents(tx, events);
  return { status, stage: { position: stage.position, status: stageStatus, approvals, quorum: stage.quorum } };
}

function alreadyDecided(): AppError {
  return new AppError("CONFLICT", "You have already decided this stage; each approver counts once.", "number");
}

/** The pinned policy version's delegation switch; a document without it allows no delegation. */
function delegationAllowed(document: Prisma.JsonValue | null): boolean {
  const approvals = document && typeof document === "object" && !Array.isArray(document) ? document.approvals : null;
  return Boolean(approvals && typeof approvals === "object" && !Array.isArray(approvals) && approvals.delegationAllowed === true);
}
