import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient, type RequestKind, type RequestStatus } from "@/server/db/generated/client";
import { constraintViolation, insertRows } from "@/server/db/insert-rows";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { requestTitle } from "@/server/domain/dashboard/summaries";
import { AppError } from "@/server/domain/errors";
import { followUpDueAt, followUpJustification, followUpStages } from "@/server/domain/exceptions/break-glass";
import { queueFulfilment } from "@/server/domain/fulfilment/fulfil";
import { createNhi } from "@/server/domain/identities/register-nhi";
import { workflowId } from "@/server/domain/policy/store";
import type { Actor } from "@/server/domain/identities/requestable";
import { openStage, stageDueAt, type OpeningTicket } from "@/server/domain/workflow/open-stage";
import type { ResolvedStage } from "@/server/domain/workflow/resolve-approvers";
import type { RequestInput } from "./input";
import { formatRequestNumber } from "./number";
import { prepareRequest, type Prepared } from "./prepare";

export interface SubmittedTicket {
  id: string;
  number: number;
  reference: string;
  status: RequestStatus;
  /** False when the idempotency key named a ticket submitted before: nothing was written. */
  created: boolean;
}

export interface SubmitOptions {
  /** The ticket this one renews. */
  parentRequestId?: string;
  /** The portal files the ticket for `actor` (a scheduled rotation): the audit trail says so. */
  filedBySystem?: { because: string };
}

const HOUR_MS = 3_600_000;

/**
 * Files a ticket: validates, decides with the current policy, resolves the approvers and writes
 * the ticket, its stages, a registered NHI and the audit events in one transaction. The same
 * idempotency key gives back the same ticket, also when two calls race.
 */
export async function submitRequest(
  db: PrismaClient,
  actor: Actor,
  input: RequestInput,
  options: SubmitOptions = {},
): Promise<SubmittedTicket> {
  // A key used before gives back its ticket. It is looked up only when this call cannot file a
  // new one (refused, or the insert hits the unique (requesterId, idempotencyKey)), so a new
  // ticket costs no extra read: a replay is answered the same whichever way it arrives.
  const earlier = () => findByKey(db, actor.id, input.idempotencyKey);
  let prepared: Prepared;
  let workflow: string | null = null;
  try {
    prepared = await prepareRequest(db, actor, input);
    const first = prepared.problems[0];
    if (first) throw new AppError(first.rule === "approvers" ? "PRECONDITION_FAILED" : "BAD_REQUEST", first.message, first.field);
    if (prepared.decision.workflowKey) workflow = await workflowId(db, prepared.policy.id, prepared.decision.workflowKey);
  } catch (error) {
    const existing = await earlier();
    if (existing) return existing;
    throw error;
  }
  try {
    return await db.$transaction((tx) => writeTicket(tx, actor, prepared, workflow, options), { maxWait: 15_000, timeout: 30_000 });
  } catch (error) {
    if (constraintViolation(error)?.kind === "unique") {
      const winner = await earlier();
      if (winner) return winner;
    }
    throw error;
  }
}

async function findByKey(db: PrismaClient, requesterId: string, idempotencyKey: string): Promise<SubmittedTicket | null> {
  const row = await db.accessRequest.findUnique({
    where: { requesterId_idempotencyKey: { requesterId, idempotencyKey } },
    select: { id: true, number: true, status: true },
  });
  return row ? { ...row, reference: formatRequestNumber(row.number), created: false } : null;
}

async function writeTicket(tx: Prisma.TransactionClient, actor: Actor, p: Prepared, workflowId: string | null, options: SubmitOptions): Promise<SubmittedTicket> {
  const { input, decision: d, target, now } = p;
  const events: AuditEventInput[] = [];
  let subjectId = target.subject?.id;
  if (!subjectId && input.kind === "EXCEPTION" && input.newNhi) {
    subjectId = await createNhi(tx, input.newNhi);
    const nhi = input.newNhi;
    events.push({
      actorType: "USER",
      actorId: actor.id,
      action: "nhi.registered",
      entityType: "Identity",
      entityId: subjectId,
      data: { name: nhi.name, nhiType: nhi.nhiType, ownerId: nhi.ownerId, backupOwnerId: nhi.backupOwnerId, workload: nhi.workload, environment: nhi.environment, dependencies: nhi.dependencies, rotationPeriodDays: nhi.rotationPeriodDays, intendedUntil: nhi.intendedUntil },
    });
  }
  if (!subjectId) throw new AppError("BAD_REQUEST", "Choose who the access is for.", "subjectId");

  const exception = input.kind === "EXCEPTION" ? input : null;
  const followUpHours = exception ? p.policy.document.exceptionTypes[exception.exceptionType].followUpReviewWithinHours : undefined;
  // Break-glass: granted now; the workflow's approvers review it afterwards on a REVIEW ticket.
  const breakGlass = d.breakGlass && exception !== null && followUpHours !== undefined;
  const auto = d.route === "AUTO_APPROVE" || breakGlass;
  const approverPath = (breakGlass ? [] : (p.stages ?? [])).map((s) => ({
    position: s.position,
    name: s.name,
    selector: s.selector,
    quorum: s.quorum,
    slaHours: s.slaHours,
    approvers: s.approvers,
    escalationTarget: s.escalationTarget,
    note: s.note,
  }));

  const pathJson = JSON.parse(JSON.stringify(approverPath)) as Prisma.JsonArray;

  // The ticket is the widest row of the portal; written as insertRows writes, it costs the
  // submission a fraction of what the ORM's create does.
  const vendorWindowStart = exception?.vendorWindowStart ? new Date(exception.vendorWindowStart) : null;
  const [request] = await insertRows<{ id: string; number: number; status: RequestStatus }>(
    tx,
    "AccessRequest",
    [
      {
        id: randomUUID(),
        kind: input.kind,
        exceptionType: exception?.exceptionType ?? null,
        status: auto ? "AUTO_APPROVED" : "PENDING_APPROVAL",
        requesterId: actor.id,
        subjectId,
        systemId: target.entitlement.system.id,
        entitlementId: target.entitlement.id,
        scope: p.scope,
        justification: input.justification.trim(),
        expiresAt: p.expiresAt,
        riskScore: d.riskScore,
        riskTier: d.riskTier,
        decisionRoute: breakGlass ? "AUTO_APPROVE" : d.route,
        policyVersionId: p.policy.id,
        policyRuleId: d.ruleId,
        decisionReasons: { reasons: d.reasons, decision: d, facts: p.facts, evaluatedAt: now },
        workflowId: breakGlass ? null : workflowId,
        approverPath: pathJson,
        currentStage: auto ? null : 0,
        incidentId: exception?.incidentId || null,
        sponsorId: exception?.sponsorId || null,
        vendorWindowStart,
        vendorWindowEnd: exception?.vendorWindowEnd ? new Date(exception.vendorWindowEnd) : null,
        followUpDueAt: !followUpHours ? null : breakGlass ? followUpDueAt(now, followUpHours) : new Date((p.expiresAt ?? now).getTime() + followUpHours * HOUR_MS),
        parentRequestId: options.parentRequestId ?? null,
        idempotencyKey: input.idempotencyKey,
        submittedAt: now,
        decidedAt: auto ? now : null,
        updatedAt: now,
      },
    ],
    { returning: ["id", "number", "status"] },
  );
  if (!request) throw new AppError("INTERNAL", "The ticket was not written.");

  // The NHI's registration belongs to this ticket's timeline.
  for (const event of events) event.requestId = request.id;
  const ref = { requestId: request.id, entityType: "AccessRequest", entityId: request.id };
  events.push(
    {
      ...ref,
      ...(options.filedBySystem ? { actorType: "SYSTEM" as const, actorId: null } : { actorType: "USER" as const, actorId: actor.id }),
      action: "request.submitted",
      data: {
        number: request.number,
        kind: input.kind,
        exceptionType: exception?.exceptionType ?? null,
        subjectId,
        scope: p.scope,
        justification: input.justification.trim(),
        expiresAt: p.expiresAt,
        parentRequestId: options.parentRequestId ?? null,
        ...(options.filedBySystem ? { filedFor: actor.id, filedBecause: options.filedBySystem.because } : {}),
      },
    },
    {
      ...ref,
      actorType: "SYSTEM",
      action: "policy.decided",
      data: { policyVersion: d.policy.version, policyVersionId: d.policy.id, contentHash: d.policy.contentHash, route: d.route, ruleId: d.ruleId, riskScore: d.riskScore, riskTier: d.riskTier, workflow: d.workflowKey, ttlCapHours: d.ttlCapHours, preApprovedPattern: d.preApprovedPattern },
    },
  );
  if (breakGlass) {
    const review = await openFollowUpReview(tx, actor, p, { id: request.id, number: request.number, subjectId, workflowId, withinHours: followUpHours }, now);
    events.push(
      { ...ref, actorType: "SYSTEM", action: "request.auto_approved", data: { ruleId: d.ruleId, breakGlass: true, reason: "break-glass: granted before review", reviewRequestId: review.id, followUpDueAt: review.dueAt } },
      ...review.events,
    );
    await queueFulfilment(tx, request.id, now, { vendorWindowStart });
  } else if (auto) {
    events.push({ ...ref, actorType: "SYSTEM", action: "request.auto_approved", data: { ruleId: d.ruleId, preApprovedPattern: d.preApprovedPattern } });
    await queueFulfilment(tx, request.id, now, { vendorWindowStart });
  } else {
    const opening: OpeningTicket = {
      id: request.id,
      requesterId: actor.id,
      subjectUserId: target.subject?.user?.id ?? null,
      approverPath: pathJson,
      delegationAllowed: p.policy.document.approvals.delegationAllowed,
      headline: headlineOf(p, request.number),
    };
    events.push(...(await writeStages(tx, opening, p.stages ?? [], now)));
  }
  // The audit trail is the last write: it commits or rolls back with everything above. The
  // tickets were inserted here and the actor is their requester (a foreign key): nothing to look up.
  await appendAuditEvents(tx, events, { actorIds: [actor.id], requestIds: distinctRequests(events) });
  return { ...request, reference: formatRequestNumber(request.number), created: true };
}

interface BreakGlassParent {
  id: string;
  number: number;
  subjectId: string;
  workflowId: string | null;
  withinHours: number;
}

/**
 * The follow-up review of break-glass access: a REVIEW ticket linked to the emergency one, for
 * the same subject and access, filed in the requester's name and decided by the workflow the
 * policy routed the emergency to, its first stage due at the follow-up deadline. It grants nothing.
 */
async function openFollowUpReview(
  tx: Prisma.TransactionClient,
  actor: Actor,
  p: Prepared,
  parent: BreakGlassParent,
  now: Date,
): Promise<{ id: string; dueAt: Date; events: AuditEventInput[] }> {
  const { decision: d, input, target } = p;
  const exception = input.kind === "EXCEPTION" ? input : null;
  const stages = followUpStages(p.stages ?? [], parent.withinHours);
  const dueAt = followUpDueAt(now, parent.withinHours);
  const path = JSON.parse(JSON.stringify(stages.map((s) => ({ position: s.position, name: s.name, selector: s.selector, quorum: s.quorum, slaHours: s.slaHours, approvers: s.approvers, escalationTarget: s.escalationTarget, note: s.note })))) as Prisma.JsonArray;
  const reference = formatRequestNumber(parent.number);
  const review = await tx.accessRequest.create({
    data: {
      kind: "REVIEW",
      status: "PENDING_APPROVAL",
      requesterId: actor.id,
      subjectId: parent.subjectId,
      systemId: target.entitlement.system.id,
      entitlementId: target.entitlement.id,
      scope: p.scope,
      justification: followUpJustification({ reference, incidentId: exception?.incidentId || null, justification: input.justification.trim() }),
      riskScore: d.riskScore,
      riskTier: d.riskTier,
      decisionRoute: "WORKFLOW",
      policyVersionId: p.policy.id,
      policyRuleId: d.ruleId,
      decisionReasons: JSON.parse(JSON.stringify({ reasons: d.reasons, decision: d, evaluatedAt: now })) as Prisma.InputJsonObject,
      workflowId: parent.workflowId,
      approverPath: path,
      currentStage: 0,
      incidentId: exception?.incidentId || null,
      followUpDueAt: dueAt,
      parentRequestId: parent.id,
      submittedAt: now,
    },
    select: { id: true, number: true },
  });
  const opening: OpeningTicket = {
    id: review.id,
    requesterId: actor.id,
    subjectUserId: target.subject?.user?.id ?? null,
    approverPath: path,
    delegationAllowed: p.policy.document.approvals.delegationAllowed,
    headline: headlineOf(p, review.number, "REVIEW"),
  };
  const events: AuditEventInput[] = [
    {
      requestId: review.id,
      entityType: "AccessRequest",
      entityId: review.id,
      actorType: "SYSTEM",
      action: "review.opened",
      data: { number: review.number, parentRequestId: parent.id, parentNumber: parent.number, incidentId: exception?.incidentId || null, workflow: d.workflowKey, dueAt },
    },
    ...(await writeStages(tx, opening, stages, now)),
  ];
  return { id: review.id, dueAt, events };
}

/** How notifications name a ticket this transaction has just written (an existing subject's), else read back by openStage. */
function headlineOf(p: Prepared, number: number, kind: RequestKind = p.input.kind): OpeningTicket["headline"] {
  const subject = p.target.subject;
  if (!subject) return undefined;
  const e = p.target.entitlement;
  const exceptionType = kind === "EXCEPTION" && p.input.kind === "EXCEPTION" ? p.input.exceptionType : null;
  return {
    reference: formatRequestNumber(number),
    title: requestTitle({ kind, exceptionType, subject: { displayName: subject.displayName }, system: { name: e.system.name }, entitlement: { name: e.name } }),
  };
}

function distinctRequests(events: AuditEventInput[]): string[] {
  return [...new Set(events.flatMap((e) => (e.requestId ? [e.requestId] : [])))];
}

/**
 * Writes the stages in one statement, the first one already PENDING with its SLA clock started,
 * the others WAITING; openStage then assigns the first exactly as a completed stage opens the next.
 */
async function writeStages(
  tx: Prisma.TransactionClient,
  ticket: OpeningTicket,
  stages: ResolvedStage[],
  now: Date,
): Promise<AuditEventInput[]> {
  if (stages.length === 0) throw new AppError("INTERNAL", "A workflow decision came without approval stages.");
  const created = stages.map((s, i) => ({ id: randomUUID(), position: s.position, name: s.name, quorum: s.quorum, slaHours: s.slaHours, written: i === 0 }));
  await insertRows(
    tx,
    "ApprovalStage",
    stages.map((s, i) => ({
      id: created[i]!.id,
      requestId: ticket.id,
      position: s.position,
      name: s.name,
      selector: s.selector,
      quorum: s.quorum,
      slaHours: s.slaHours,
      escalationTarget: s.escalationTarget?.id ?? null,
      status: i === 0 ? "PENDING" : "WAITING",
      startedAt: i === 0 ? now : null,
      dueAt: i === 0 ? stageDueAt(now, s.slaHours) : null,
      updatedAt: now,
    })),
  );
  return [await openStage(tx, ticket, created[0]!, now)];
}
