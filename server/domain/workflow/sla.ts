import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { notify, type NotificationInput } from "@/server/domain/notifications/notify";
import { assigneesFor } from "@/server/domain/requests/assign";
import { formatRequestNumber } from "@/server/domain/requests/number";

/** The recurring job that runs sweepSla. */
export const SLA_SWEEP_JOB = "sla.sweep";
export const DEFAULT_UNDECIDED_EXPIRY_HOURS = 168;

const HOUR_MS = 3_600_000;
const TX = { maxWait: 15_000, timeout: 30_000 } as const;

export interface SlaStage {
  status: string;
  dueAt: Date | null;
  slaHours: number;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  escalationTarget: string | null;
}

/** A pending stage past its due time whose approvers have not been reminded yet. */
export function reminderDue(stage: SlaStage, now: Date): boolean {
  return stage.status === "PENDING" && stage.dueAt !== null && stage.dueAt <= now && stage.remindedAt === null;
}

/** A pending stage still undecided a second SLA period after its due time, with someone to escalate to. */
export function escalationDue(stage: SlaStage, now: Date): boolean {
  return (
    stage.status === "PENDING" &&
    stage.dueAt !== null &&
    stage.escalatedAt === null &&
    stage.escalationTarget !== null &&
    stage.dueAt.getTime() + stage.slaHours * HOUR_MS <= now.getTime()
  );
}

/** The pinned policy version's `approvals.undecidedExpiryHours`, or 7 days when it names none. */
export function undecidedExpiryHours(document: Prisma.JsonValue | null | undefined): number {
  const approvals = document && typeof document === "object" && !Array.isArray(document) ? document.approvals : null;
  const hours = approvals && typeof approvals === "object" && !Array.isArray(approvals) ? approvals.undecidedExpiryHours : null;
  return typeof hours === "number" && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_UNDECIDED_EXPIRY_HOURS;
}

export function undecidedExpiresAt(submittedAt: Date, hours: number): Date {
  return new Date(submittedAt.getTime() + hours * HOUR_MS);
}

export interface SweepResult {
  tickets: number;
  reminded: number;
  escalated: number;
  expired: number;
  /** Tickets whose transaction failed; they are tried again by the next sweep. */
  failed: number;
}

/**
 * Finds tickets with SLA work due at `now` (a reminder, an escalation, or expiry undecided)
 * and handles each in its own transaction, in batches of batchSize, at most maxBatches per
 * sweep; what is left waits for the next sweep.
 */
export async function sweepSla(
  db: PrismaClient,
  now: Date,
  options: { batchSize?: number; maxBatches?: number; log?: (line: string) => void } = {},
): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  const result: SweepResult = { tickets: 0, reminded: 0, escalated: 0, expired: 0, failed: 0 };
  // A ticket handled (or failed) in this sweep is not picked again by a later batch.
  const seen: string[] = [];
  for (let batch = 0; batch < maxBatches; batch++) {
    const ids = await dueTickets(db, now, seen, batchSize);
    for (const id of ids) {
      seen.push(id);
      try {
        const done = await db.$transaction((tx) => sweepTicket(tx, id, now), TX);
        result.tickets++;
        result.reminded += done.reminded;
        result.escalated += done.escalated;
        result.expired += done.expired;
      } catch (error) {
        result.failed++;
        options.log?.(`SLA sweep: ticket ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (ids.length < batchSize) break;
  }
  return result;
}

/** Tickets that look due; the transaction per ticket checks again under the lock. */
async function dueTickets(db: PrismaClient, now: Date, skip: string[], limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM "AccessRequest" r
    LEFT JOIN "PolicyVersion" pv ON pv.id = r."policyVersionId"
    WHERE r.status = 'PENDING_APPROVAL' AND NOT (r.id = ANY(${skip}::text[]))
      AND (
        EXISTS (
          SELECT 1 FROM "ApprovalStage" s
          WHERE s."requestId" = r.id AND s.status = 'PENDING' AND s."dueAt" <= ${now}::timestamptz
            AND (s."remindedAt" IS NULL
              OR (s."escalatedAt" IS NULL AND s."escalationTarget" IS NOT NULL
                  AND s."dueAt" + s."slaHours" * interval '1 hour' <= ${now}::timestamptz)))
        OR (r.kind <> 'REVIEW' AND r."submittedAt" + interval '1 hour' * (CASE
            WHEN jsonb_typeof(pv.document -> 'approvals' -> 'undecidedExpiryHours') = 'number'
              AND (pv.document -> 'approvals' ->> 'undecidedExpiryHours')::float8 > 0
            THEN (pv.document -> 'approvals' ->> 'undecidedExpiryHours')::float8
            ELSE ${DEFAULT_UNDECIDED_EXPIRY_HOURS}::float8 END) <= ${now}::timestamptz)
      )
    ORDER BY r."submittedAt" NULLS LAST, r.id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * One ticket's SLA work. The open stage rows are locked first, exactly as a decision or a
 * cancel locks them, so the sweep and a decision on the same ticket run one after the other
 * and the second sees what the first did: a ticket is never both decided and expired.
 */
export async function sweepTicket(tx: Prisma.TransactionClient, requestId: string, now: Date): Promise<{ reminded: number; escalated: number; expired: number }> {
  await tx.$queryRaw`SELECT id FROM "ApprovalStage" WHERE "requestId" = ${requestId} AND status IN ('PENDING','INFO_REQUESTED') FOR UPDATE`;
  const ticket = await tx.accessRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: {
      id: true,
      number: true,
      kind: true,
      status: true,
      submittedAt: true,
      requesterId: true,
      requester: { select: { name: true } },
      subject: { select: { userId: true, displayName: true } },
      system: { select: { name: true } },
      entitlement: { select: { name: true } },
      approverPath: true,
      policyVersion: { select: { document: true } },
      stages: {
        where: { status: { in: ["WAITING", "PENDING", "INFO_REQUESTED"] } },
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          name: true,
          status: true,
          dueAt: true,
          slaHours: true,
          remindedAt: true,
          escalatedAt: true,
          escalationTarget: true,
          assignments: { select: { approverId: true, status: true } },
        },
      },
    },
  });
  const done = { reminded: 0, escalated: 0, expired: 0 };
  if (ticket.status !== "PENDING_APPROVAL") return done;
  const ref = formatRequestNumber(ticket.number);
  // "Read replica on Payments DB for Riley Requester", as the inbox and the seed word it.
  const about = ticket.entitlement
    ? `${ticket.entitlement.name}${ticket.system ? ` on ${ticket.system.name}` : ""} for ${ticket.subject.displayName}`
    : `${ref} for ${ticket.subject.displayName}`;
  const events: AuditEventInput[] = [];
  const notes: NotificationInput[] = [];
  const hours = undecidedExpiryHours(ticket.policyVersion?.document);
  const onTicket = new Set([
    ...(await tx.approvalAssignment.findMany({ where: { requestId }, select: { approverId: true } })).map((a) => a.approverId),
    ...pathApprovers(ticket.approverPath),
  ]);

  // A follow-up review never lapses undecided: the emergency access it reviews stays under
  // question, so the review stays open and escalates until someone decides it.
  if (ticket.kind !== "REVIEW" && ticket.submittedAt && undecidedExpiresAt(ticket.submittedAt, hours) <= now) {
    await tx.approvalStage.updateMany({ where: { requestId, status: { in: ["WAITING", "PENDING", "INFO_REQUESTED"] } }, data: { status: "SKIPPED" } });
    await tx.approvalAssignment.updateMany({ where: { requestId, status: "OPEN" }, data: { status: "WITHDRAWN" } });
    await tx.accessRequest.update({ where: { id: requestId }, data: { status: "EXPIRED_UNDECIDED", decidedAt: now, closedAt: now, currentStage: null } });
    events.push({
      actorType: "SYSTEM",
      action: "request.expired_undecided",
      entityType: "AccessRequest",
      entityId: requestId,
      requestId,
      data: { number: ticket.number, afterHours: hours, submittedAt: ticket.submittedAt, stages: ticket.stages.map((s) => s.name) },
    });
    notes.push({
      userId: ticket.requesterId,
      requestId,
      kind: "request.expired_undecided",
      title: `Request expired undecided: ${ref}`,
      body: `Nobody decided ${about} within ${hours} hours of its submission, so ${ref} has closed. Submit a new request if you still need the access.`,
    });
    done.expired = 1;
  } else {
    for (const stage of ticket.stages) {
      const stageRef = { entityType: "ApprovalStage", entityId: stage.id, requestId } as const;
      const open = stage.assignments.filter((a) => a.status === "OPEN").map((a) => a.approverId);
      if (reminderDue(stage, now)) {
        await tx.approvalStage.update({ where: { id: stage.id }, data: { remindedAt: now } });
        events.push({ ...stageRef, actorType: "SYSTEM", action: "approval.reminder_sent", data: { stage: stage.name, position: stage.position, dueAt: stage.dueAt, notified: open } });
        for (const userId of open) {
          notes.push({
            userId,
            requestId,
            kind: "approval.reminder",
            title: `Reminder: ${ref} waits for your decision`,
            body: `Stage "${stage.name}" of ${about} was due ${utc(stage.dueAt!)}. Approve, deny or ask for information.`,
          });
        }
        done.reminded++;
      }
      if (escalationDue(stage, now)) {
        const target = stage.escalationTarget!;
        const { outcome, assignee, onBehalfOfId } = await escalate(tx, {
          requestId,
          stageId: stage.id,
          target,
          requesterId: ticket.requesterId,
          subjectUserId: ticket.subject.userId,
          assignees: stage.assignments,
          onTicket,
          delegationAllowed: delegationAllowed(ticket.policyVersion?.document),
          now,
        });
        await tx.approvalStage.update({ where: { id: stage.id }, data: { escalatedAt: now } });
        events.push({ ...stageRef, actorType: "SYSTEM", action: "approval.escalated", data: { stage: stage.name, position: stage.position, dueAt: stage.dueAt, to: target, assignee, onBehalfOfId, outcome } });
        if (assignee) {
          notes.push({
            userId: assignee,
            requestId,
            kind: "approval.escalated",
            title: `Escalated to you: ${ref}`,
            body: `Stage "${stage.name}" of ${about}, requested by ${ticket.requester.name}, is overdue since ${utc(stage.dueAt!)} and escalated to you${onBehalfOfId ? " while the escalation contact is away" : ""}. Please decide it.`,
          });
        }
        done.escalated++;
      }
    }
  }
  if (events.length === 0) return done;
  await notify(tx, notes);
  // The audit trail is the last write: it commits or rolls back with the change it records.
  await appendAuditEvents(tx, events);
  return done;
}

type EscalationOutcome = "assigned" | "already-assigned" | "already-decided" | "target-is-requester" | "target-is-subject" | "target-inactive";

interface Escalation {
  requestId: string;
  stageId: string;
  target: string;
  requesterId: string;
  subjectUserId: string | null;
  /** Everyone with an assignment on the stage, in any state. */
  assignees: { approverId: string; status: string }[];
  /** Everyone with an assignment anywhere on the ticket: a delegate among them would count twice. */
  onTicket: Set<string>;
  delegationAllowed: boolean;
  now: Date;
}

/**
 * Gives the escalation target an open assignment on the stage, unless separation of duties
 * forbids it (the requester, the subject's person) or they already have one. A target who is
 * away hands it to their delegate, by the same rule that opens a stage.
 */
async function escalate(tx: Prisma.TransactionClient, s: Escalation): Promise<{ outcome: EscalationOutcome; assignee: string | null; onBehalfOfId: string | null }> {
  const none = (outcome: EscalationOutcome) => ({ outcome, assignee: null, onBehalfOfId: null });
  if (s.target === s.requesterId) return none("target-is-requester");
  if (s.target === s.subjectUserId) return none("target-is-subject");
  const user = await tx.user.findFirst({ where: { id: s.target, active: true }, select: { id: true, name: true, email: true } });
  if (!user) return none("target-inactive");
  const [chosen] = await assigneesFor(tx, [user], {
    excluded: new Set([s.requesterId, ...(s.subjectUserId ? [s.subjectUserId] : [])]),
    onTicket: s.onTicket,
    delegationAllowed: s.delegationAllowed,
    now: s.now,
  });
  const assignee = chosen!;
  const existing = s.assignees.find((a) => a.approverId === assignee.approverId || a.approverId === s.target);
  if (existing) {
    return existing.status === "OPEN" ? { outcome: "already-assigned", assignee: existing.approverId, onBehalfOfId: null } : none("already-decided");
  }
  await tx.approvalAssignment.create({ data: { stageId: s.stageId, requestId: s.requestId, ...assignee } });
  return { outcome: "assigned", assignee: assignee.approverId, onBehalfOfId: assignee.onBehalfOfId };
}

/** Everyone the approver path snapshot names, on any stage. */
function pathApprovers(path: Prisma.JsonValue | null): string[] {
  if (!Array.isArray(path)) return [];
  return path.flatMap((stage) => {
    const approvers = stage && typeof stage === "object" && !Array.isArray(stage) ? stage.approvers : null;
    return Array.isArray(approvers) ? approvers.flatMap((a) => (a && typeof a === "object" && !Array.isArray(a) && typeof a.id === "string" ? [a.id] : [])) : [];
  });
}

/** The pinned policy version's delegation switch; a document without it allows no delegation. */
function delegationAllowed(document: Prisma.JsonValue | null | undefined): boolean {
  const approvals = document && typeof document === "object" && !Array.isArray(document) ? document.approvals : null;
  return Boolean(approvals && typeof approvals === "object" && !Array.isArray(approvals) && approvals.delegationAllowed === true);
}
