import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvent, appendAuditEvents } from "@/server/domain/audit/append";
import { connectorFor } from "@/server/connectors/registry";
import { AppError } from "@/server/domain/errors";
import { CANCELLABLE_IN_FULFILMENT, cancelFulfilment } from "@/server/domain/fulfilment/cancel";
import type { Actor } from "@/server/domain/identities/requestable";
import { notify } from "@/server/domain/notifications/notify";
import { ticketHeadline } from "@/server/domain/workflow/headline";
import { lockOpenStage } from "@/server/domain/workflow/decide";
import { formatRequestNumber } from "./number";
import { submitRequest, type SubmittedTicket } from "./submit";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "./visibility";

/** Tickets not decided yet; approved ones not granted yet are cancelled by fulfilment/cancel.ts. */
export const CANCELLABLE = ["DRAFT", "SUBMITTED", "PENDING_APPROVAL"] as const;

async function findVisible(db: PrismaClient, viewer: Viewer, number: number | string) {
  const row = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(number) }, visibleTicketWhere(viewer)] },
    select: { id: true, number: true, status: true, kind: true, requesterId: true, subjectId: true, entitlementId: true, expiresAt: true },
  });
  if (!row) throw notFound();
  return row;
}

/**
 * The requester withdraws a ticket that is not decided yet (its open assignments are withdrawn
 * with it), or one approved but not granted yet (fulfilment/cancel.ts proves nothing was granted).
 */
export async function cancelRequest(
  db: PrismaClient,
  actor: Actor & Viewer,
  input: { number: number | string; reason?: string },
): Promise<{ number: string; status: "CANCELLED" }> {
  const ticket = await findVisible(db, actor, input.number);
  if (ticket.requesterId !== actor.id) throw new AppError("FORBIDDEN", "Only the requester may cancel a ticket.", "number");
  if (ticket.kind === "REVIEW") {
    throw new AppError("FORBIDDEN", "A follow-up review of emergency access cannot be withdrawn; the security reviewers decide it.", "number");
  }
  if ((CANCELLABLE_IN_FULFILMENT as readonly string[]).includes(ticket.status)) {
    await cancelFulfilment(db, actor, ticket.id, input.reason?.trim() || null, { now: new Date(), connectorFor });
    return { number: formatRequestNumber(ticket.number), status: "CANCELLED" };
  }
  if (!(CANCELLABLE as readonly string[]).includes(ticket.status)) {
    throw new AppError("PRECONDITION_FAILED", `A ${ticket.status} ticket can no longer be cancelled; only tickets not granted yet can.`, "number");
  }
  await db.$transaction(async (tx) => {
    const now = new Date();
    // Same lock order as a decision (stage, then ticket), so a cancel and a decision never
    // deadlock: whichever locks the stage first wins, and the other sees its result.
    await lockOpenStage(tx, ticket.id);
    // The status guard in the update makes a decision that lands first win over this cancel.
    const updated = await tx.accessRequest.updateMany({
      where: { id: ticket.id, status: { in: [...CANCELLABLE] } },
      data: { status: "CANCELLED", closedAt: now, currentStage: null },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "The ticket changed while you were cancelling it; reload it.", "number");
    await tx.approvalStage.updateMany({ where: { requestId: ticket.id, status: { in: ["WAITING", "PENDING", "INFO_REQUESTED"] } }, data: { status: "SKIPPED" } });
    const withdrawn = await tx.approvalAssignment.updateMany({ where: { requestId: ticket.id, status: "OPEN" }, data: { status: "WITHDRAWN" } });
    await appendAuditEvent(tx, {
      actorType: "USER",
      actorId: actor.id,
      action: "request.cancelled",
      entityType: "AccessRequest",
      entityId: ticket.id,
      requestId: ticket.id,
      data: { from: ticket.status, reason: input.reason?.trim() || null, withdrawnAssignments: withdrawn.count },
    });
  }, { maxWait: 15_000, timeout: 30_000 });
  return { number: formatRequestNumber(ticket.number), status: "CANCELLED" };
}

const HOUR_MS = 3_600_000;

/**
 * The requester answers an approver's question: the answer is a comment on the ticket, and the
 * same stage decides again with a fresh SLA clock (the wait was on the requester, not the approvers).
 */
export async function answerInfoRequest(
  db: PrismaClient,
  actor: Actor & Viewer,
  input: { number: number | string; answer: string },
  now: Date = new Date(),
): Promise<{ number: string; stage: string }> {
  const ticket = await findVisible(db, actor, input.number);
  if (ticket.requesterId !== actor.id) throw new AppError("FORBIDDEN", "Only the requester may answer the approver's question.", "number");
  const answer = input.answer.trim();
  if (!answer) throw new AppError("BAD_REQUEST", "Write your answer to the approver's question.", "answer");
  return db.$transaction(async (tx) => {
    const stageId = await lockOpenStage(tx, ticket.id);
    const stage = stageId
      ? await tx.approvalStage.findUniqueOrThrow({ where: { id: stageId }, select: { id: true, name: true, position: true, status: true, slaHours: true, infoRequest: true } })
      : null;
    const current = await tx.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { status: true } });
    if (current.status !== "PENDING_APPROVAL" || stage?.status !== "INFO_REQUESTED") {
      throw new AppError("PRECONDITION_FAILED", "No question is waiting for your answer on this ticket.", "number");
    }
    const asked = (stage.infoRequest ?? {}) as { question?: string; askedById?: string };
    await tx.approvalStage.update({
      where: { id: stage.id },
      data: { status: "PENDING", infoRequest: Prisma.DbNull, dueAt: new Date(now.getTime() + stage.slaHours * HOUR_MS), remindedAt: null, escalatedAt: null },
    });
    const comment = await tx.comment.create({ data: { requestId: ticket.id, authorId: actor.id, body: answer }, select: { id: true } });
    const headline = await ticketHeadline(tx, ticket.id);
    if (asked.askedById) {
      await notify(tx, [
        {
          userId: asked.askedById,
          requestId: ticket.id,
          kind: "approval.info_provided",
          title: `${headline.reference}: the requester answered your question`,
          body: `${headline.title}. Answer: ${answer}`,
        },
      ]);
    }
    await appendAuditEvents(tx, [
      {
        actorType: "USER",
        actorId: actor.id,
        action: "approval.info_provided",
        entityType: "ApprovalStage",
        entityId: stage.id,
        requestId: ticket.id,
        data: { stage: stage.name, position: stage.position, question: asked.question ?? null, commentId: comment.id },
      },
    ]);
    return { number: headline.reference, stage: stage.name };
  }, { maxWait: 15_000, timeout: 30_000 });
}

/** Anyone who may see the ticket may comment on it. */
export async function commentOnRequest(db: PrismaClient, actor: Actor & Viewer, input: { number: number | string; body: string }) {
  const ticket = await findVisible(db, actor, input.number);
  const body = input.body.trim();
  if (!body) throw new AppError("BAD_REQUEST", "Write a comment.", "body");
  return db.$transaction(async (tx) => {
    const comment = await tx.comment.create({
      data: { requestId: ticket.id, authorId: actor.id, body },
      select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true, email: true } } },
    });
    await appendAuditEvents(tx, [
      { actorType: "USER", actorId: actor.id, action: "comment.added", entityType: "Comment", entityId: comment.id, requestId: ticket.id, data: { commentId: comment.id, length: body.length } },
    ]);
    return comment;
  }, { maxWait: 15_000, timeout: 30_000 });
}

/**
 * Asks for the same access again before it runs out: a new GRANT ticket for the same entitlement
 * and subject, linked to the old one, decided and routed by the same pipeline as any request.
 */
export async function renewRequest(
  db: PrismaClient,
  actor: Actor & Viewer,
  input: { number: number | string; justification: string; expiresAt: string; idempotencyKey: string },
  now: Date = new Date(),
): Promise<SubmittedTicket> {
  const ticket = await findVisible(db, actor, input.number);
  if (ticket.requesterId !== actor.id) throw new AppError("FORBIDDEN", "Only the requester may renew a ticket.", "number");
  if (ticket.status !== "ACTIVE" || !ticket.entitlementId) {
    throw new AppError("PRECONDITION_FAILED", `Only active access can be renewed; this ticket is ${ticket.status}.`, "number");
  }
  if (!ticket.expiresAt || ticket.expiresAt <= now) {
    throw new AppError("PRECONDITION_FAILED", "Only access that has not expired yet can be renewed.", "number");
  }
  return submitRequest(
    db,
    actor,
    {
      kind: "GRANT",
      entitlementId: ticket.entitlementId,
      subjectId: ticket.subjectId,
      justification: input.justification,
      expiresAt: input.expiresAt,
      idempotencyKey: input.idempotencyKey,
    },
    { parentRequestId: ticket.id },
  );
}
