import type { Prisma, RequestStatus } from "@/server/db/generated/client";
import { resolveStages } from "./approvers";
import { emptyRows, type Rows, type SeedEvent } from "./model";
import type { Org } from "./org";
import type { PersonSeed } from "./people";
import { addMs, type SeedRandom } from "./random";
import { APPROVAL_COMMENTS } from "./texts";
import type { Walk } from "./walk";

const HOUR = 3_600_000;
const WORKFLOW = "break-glass";

/** Emergency statuses whose access is still in use: their follow-up review is still open. */
const IN_USE = new Set<RequestStatus>(["AUTO_APPROVED", "APPROVED", "FULFILLING", "ACTIVE"]);

/**
 * The follow-up review of a seeded break-glass ticket, as submit opens it: a REVIEW ticket in the
 * requester's name for the same access, decided by security by the follow-up deadline. Reviews
 * of access still in use wait; reviews of access already removed confirmed its use.
 */
export function followUpReview(org: Org, rng: SeedRandom, parent: Walk): { request: Prisma.AccessRequestCreateManyInput; rows: Rows } | null {
  const { plan, request: p } = parent;
  if (!plan.decision.breakGlass || !p.submittedAt || !p.followUpDueAt) return null;
  const rows = emptyRows();
  const id = rng.uuid();
  const openedAt = p.submittedAt as Date;
  const dueAt = p.followUpDueAt as Date;
  const stage = resolveStages(org, WORKFLOW, plan)[0]!;
  const reviewer = stage.approvers[0]!;
  const pending = IN_USE.has(p.status!);
  const decidedAt = pending ? null : new Date(Math.min(addMs(openedAt, rng.real(HOUR, 20 * HOUR)).getTime(), org.now.getTime() - HOUR));
  const status: RequestStatus = pending ? "PENDING_APPROVAL" : "CLOSED";
  const event = (at: Date, action: string, actor: PersonSeed | null, data: Record<string, unknown>, entity: [string, string] = ["AccessRequest", id]): SeedEvent => ({
    at,
    actorType: actor ? "USER" : "SYSTEM",
    actorId: actor?.id ?? null,
    action,
    entityType: entity[0],
    entityId: entity[1],
    requestId: id,
    data: { at: at.toISOString(), ...data },
  });

  const e = plan.entitlement;
  const request: Prisma.AccessRequestCreateManyInput = {
    id,
    kind: "REVIEW",
    status,
    requesterId: plan.requester.id,
    subjectId: plan.subject.id,
    systemId: e.system.id,
    entitlementId: e.id,
    scope: p.scope,
    justification: `Follow-up review of break-glass access to ${e.name} on ${e.system.name} during incident ${plan.incidentId ?? "unknown"}, granted before review. Confirm the emergency use or deny it to remove the access at once. The requester wrote: ${plan.justification}`,
    riskScore: plan.decision.riskScore,
    riskTier: plan.decision.riskTier,
    decisionRoute: "WORKFLOW",
    policyVersionId: org.policyVersionId,
    policyRuleId: plan.decision.ruleId,
    decisionReasons: p.decisionReasons,
    workflowId: org.workflowIds.get(WORKFLOW)!,
    approverPath: [{ position: 0, name: stage.def.name, selector: stage.def.approvers, quorum: stage.quorum, slaHours: stage.def.slaHours, approvers: [{ id: reviewer.id, name: reviewer.name, email: reviewer.email }] }],
    currentStage: pending ? 0 : null,
    incidentId: plan.incidentId,
    followUpDueAt: dueAt,
    parentRequestId: p.id,
    submittedAt: openedAt,
    decidedAt,
    closedAt: decidedAt,
    createdAt: openedAt,
    updatedAt: decidedAt ?? openedAt,
  };
  const stageId = rng.uuid();
  rows.stages.push({
    id: stageId,
    requestId: id,
    position: 0,
    name: stage.def.name,
    selector: stage.def.approvers as Prisma.InputJsonObject,
    quorum: stage.quorum,
    status: pending ? "PENDING" : "APPROVED",
    slaHours: stage.def.slaHours,
    escalationTarget: stage.escalationTarget?.id ?? null,
    startedAt: openedAt,
    dueAt,
    completedAt: decidedAt,
    createdAt: openedAt,
    updatedAt: decidedAt ?? openedAt,
  });
  rows.assignments.push({ id: rng.uuid(), stageId, requestId: id, approverId: reviewer.id, onBehalfOfId: null, status: pending ? "OPEN" : "DONE", createdAt: openedAt, updatedAt: decidedAt ?? openedAt });
  rows.events.push(
    event(openedAt, "review.opened", null, { parentRequestId: p.id, incidentId: plan.incidentId, workflow: WORKFLOW, dueAt }),
    event(openedAt, "approval.stage_opened", null, { stage: stage.def.name, position: 0, quorum: stage.quorum, approvers: [reviewer.id], dueAt }, ["ApprovalStage", stageId]),
  );
  rows.notifications.push({
    id: rng.uuid(),
    userId: reviewer.id,
    requestId: id,
    kind: "approval.requested",
    title: "Follow-up review needed",
    body: `${plan.requester.name} used break-glass access to ${e.name} on ${e.system.name}; confirm or deny it by ${dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    readAt: pending ? null : addMs(openedAt, HOUR),
    emailedAt: addMs(openedAt, 60_000),
    createdAt: openedAt,
    updatedAt: openedAt,
  });
  if (decidedAt) {
    const decisionId = rng.uuid();
    const comment = rng.pick(APPROVAL_COMMENTS);
    rows.decisions.push({ id: decisionId, stageId, requestId: id, approverId: reviewer.id, onBehalfOfId: null, outcome: "APPROVE", comment, createdAt: decidedAt, updatedAt: decidedAt });
    rows.events.push(
      event(decidedAt, "approval.approved", reviewer, { stage: stage.def.name, position: 0, decisionId, comment }, ["ApprovalDecision", decisionId]),
      event(decidedAt, "approval.stage_completed", null, { stage: stage.def.name, position: 0, status: "APPROVED", approvals: 1, quorum: stage.quorum }, ["ApprovalStage", stageId]),
      event(decidedAt, "review.confirmed", reviewer, { parentRequestId: p.id, comment }),
    );
    // The review closes with the emergency grant's latest read-back it confirmed, as the decision records it.
    const confirmed = parent.rows.evidence.filter((ev) => ev.requestId === p.id && (ev.verifiedAt as Date) <= decidedAt).at(-1);
    if (confirmed) {
      const evidenceId = rng.uuid();
      const summary = `Reviewed: ${confirmed.summary}`;
      rows.evidence.push({
        id: evidenceId,
        requestId: id,
        grantId: confirmed.grantId,
        kind: confirmed.kind,
        connectorType: confirmed.connectorType,
        observed: { reviewedEvidenceId: confirmed.id!, reviewedVerifiedAt: (confirmed.verifiedAt as Date).toISOString(), observed: confirmed.observed as Prisma.InputJsonValue },
        summary,
        verifiedAt: decidedAt,
        createdAt: decidedAt,
        updatedAt: decidedAt,
      });
      rows.events.push(event(decidedAt, "evidence.recorded", null, { kind: confirmed.kind, grantId: confirmed.grantId, summary }, ["ClosureEvidence", evidenceId]));
    }
    rows.events.push(event(decidedAt, "request.closed", null, { reason: "follow-up review confirmed the emergency use; a review grants nothing" }));
  }
  return { request, rows };
}
