import { POLICY_V1_DOCUMENT as POLICY } from "@/server/db/seed/policy-document";
import type { Row, Ticket, TicketRows } from "./lifecycle";
import { HOUR, MIN } from "./time";
import { assign, decide } from "./ticket-approval";
import { recordEvidence } from "./ticket-fulfil";

/** The follow-up review of a break-glass ticket: opened by the system when the access was granted. */
export function runReview(w: Ticket): TicketRows {
  const { spec, rng, out } = w;
  const req = out.request;
  const parent = spec.parent!;
  const workflow = POLICY.workflows.find((x) => x.key === "break-glass")!;
  const def = workflow.stages[0]!;
  Object.assign(req, {
    status: "PENDING_APPROVAL",
    submittedAt: w.t,
    riskScore: parent.decision.riskScore,
    riskTier: parent.decision.riskTier,
    decisionRoute: "WORKFLOW",
    policyVersionId: w.ctx.policyVersionId,
    policyRuleId: "emergency-break-glass",
    decisionReasons: [{ code: "rule:emergency-break-glass", message: "follow-up review of break-glass access" }],
    workflowId: w.ctx.workflowIds.get("break-glass")!,
    incidentId: parent.incidentId,
    currentStage: 0,
  });
  w.event("review.opened", null, { parentRequestId: req.parentRequestId, incidentId: parent.incidentId, workflow: "break-glass" });
  const reviewer = w.approversFor(def, new Set())[0]!;
  const stage: Row = {
    id: w.ctx.ids.stage.id(spec.slot * 4),
    requestId: w.id,
    position: 0,
    name: def.name,
    selector: def.approvers,
    quorum: 1,
    status: "PENDING",
    slaHours: def.slaHours,
    dueAt: w.t + def.slaHours * HOUR,
    escalationTarget: null,
    remindedAt: null,
    escalatedAt: null,
    infoRequest: null,
    startedAt: w.t,
    completedAt: null,
    createdAt: w.t,
    updatedAt: w.t,
  };
  out.stages.push(stage);
  req.approverPath = [{ position: 0, name: def.name, selector: def.approvers, quorum: 1, slaHours: def.slaHours, approvers: [{ id: w.person(reviewer).id, name: w.person(reviewer).name, email: w.person(reviewer).email }] }];
  const a = assign(w, stage, reviewer);
  w.event("approval.stage_opened", null, { stage: def.name, position: 0, quorum: 1, approvers: [a.approverId] }, ["ApprovalStage", stage.id as string]);
  if (spec.status === "PENDING_APPROVAL") {
    w.mark("pending");
    return w.finish();
  }
  w.gap(30 * MIN, 20 * HOUR);
  const comment = rng.pick(["Use matches the incident timeline.", "Checked the session log; only the mitigation ran.", "Confirmed with the incident commander."]);
  decide(w, stage, a, "APPROVE", comment);
  Object.assign(stage, { status: "APPROVED", completedAt: w.t, updatedAt: w.t });
  w.event("approval.stage_completed", null, { stage: def.name, position: 0, status: "APPROVED", quorum: 1 }, ["ApprovalStage", stage.id as string]);
  w.event("review.confirmed", reviewer, { parentRequestId: req.parentRequestId, comment });
  const parentGrant = parent.times.active !== undefined ? w.ctx.ids.grant.id(parent.slot) : null;
  recordEvidence(w, { id: parentGrant, externalRef: null }, "GRANTED", parent.status === "ACTIVE");
  Object.assign(req, { currentStage: null, decidedAt: w.t, closedAt: w.t });
  w.set("CLOSED");
  w.mark("end");
  w.event("request.closed", null, { reason: "follow-up review confirmed the emergency use; a review grants nothing" });
  return w.finish();
}
