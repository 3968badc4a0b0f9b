import { randomUUID } from "node:crypto";
import type { Prisma } from "@/server/db/generated/client";
import { insertRows } from "@/server/db/insert-rows";
import type { AuditEventInput } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { notify } from "@/server/domain/notifications/notify";
import { assigneesFor } from "@/server/domain/requests/assign";
import { ticketHeadline, type Headline } from "./headline";
import type { ApproverPerson } from "./resolve-approvers";

const HOUR_MS = 3_600_000;

/** One stage of the approver path snapshotted on the ticket at submit. */
interface PathStage {
  position: number;
  approvers: ApproverPerson[];
}

export interface OpeningTicket {
  id: string;
  requesterId: string;
  subjectUserId: string | null;
  approverPath: Prisma.JsonValue;
  /** The pinned policy version's `approvals.delegationAllowed`. */
  delegationAllowed: boolean;
  /** How notifications name the ticket, when the caller has just written it; read from the ticket otherwise. */
  headline?: Pick<Headline, "reference" | "title">;
}

/**
 * Opens a WAITING stage: it becomes PENDING with its SLA clock started, and its approvers are
 * the ones resolved at submit (the ticket's approverPath), with delegations applied as of now,
 * exactly as the first stage was opened at submit.
 */
/** When a stage opened at `now` is due. */
export const stageDueAt = (now: Date, slaHours: number) => new Date(now.getTime() + slaHours * HOUR_MS);

export async function openStage(
  tx: Prisma.TransactionClient,
  ticket: OpeningTicket,
  /** `written`: the caller inserted the stage PENDING with startedAt now and stageDueAt, so it is not updated again. */
  stage: { id: string; position: number; name: string; quorum: number; slaHours: number; written?: boolean },
  now: Date,
): Promise<AuditEventInput> {
  const path = Array.isArray(ticket.approverPath) ? (ticket.approverPath as unknown as PathStage[]) : [];
  const planned = path.find((s) => s.position === stage.position);
  if (!planned || planned.approvers.length < stage.quorum) {
    throw new AppError("INTERNAL", `The ticket's approver path has no approvers for stage "${stage.name}".`);
  }
  const dueAt = stageDueAt(now, stage.slaHours);
  if (!stage.written) await tx.approvalStage.update({ where: { id: stage.id }, data: { status: "PENDING", startedAt: now, dueAt } });
  const assignees = await assigneesFor(tx, planned.approvers, {
    excluded: new Set([ticket.requesterId, ...(ticket.subjectUserId ? [ticket.subjectUserId] : [])]),
    onTicket: new Set(path.flatMap((s) => s.approvers.map((a) => a.id))),
    delegationAllowed: ticket.delegationAllowed,
    now,
  });
  await insertRows(tx, "ApprovalAssignment", assignees.map((a) => ({ id: randomUUID(), stageId: stage.id, requestId: ticket.id, ...a, updatedAt: now })));
  const headline = ticket.headline ?? (await ticketHeadline(tx, ticket.id));
  await notify(
    tx,
    assignees.map((a) => ({
      userId: a.approverId,
      requestId: ticket.id,
      kind: "approval.requested" as const,
      title: `${headline.reference} waits on your decision`,
      body: `${headline.title}. Stage "${stage.name}"${a.onBehalfOfId ? ", on behalf of an approver who is away" : ""}, due ${dueAt.toISOString()}.`,
    })),
  );
  return {
    actorType: "SYSTEM",
    action: "approval.stage_opened",
    entityType: "ApprovalStage",
    entityId: stage.id,
    requestId: ticket.id,
    data: {
      stage: stage.name,
      position: stage.position,
      quorum: stage.quorum,
      approvers: assignees.map((a) => a.approverId),
      onBehalfOf: assignees.filter((a) => a.onBehalfOfId).map((a) => ({ approverId: a.approverId, onBehalfOfId: a.onBehalfOfId })),
      dueAt,
    },
  };
}
