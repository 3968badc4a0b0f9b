import type { Prisma } from "@/server/db/generated/client";
import { canApprove, resolveStages, type ResolvedStage } from "./approvers";
import type { PersonSeed } from "./people";
import { addMs } from "./random";
import { APPROVAL_COMMENTS, DENIAL_REASONS, INFO_QUESTIONS } from "./texts";
import type { Walk } from "./walk";

const MIN = 60_000;
const HOUR = 60 * MIN;
const UNDECIDED_EXPIRY_HOURS = 168;

type Assignment = Prisma.ApprovalAssignmentCreateManyInput & { person: PersonSeed };

/** The approver who actually receives the assignment: a delegate while the approver is away. */
function assignee(w: Walk, approver: PersonSeed, at: Date): { person: PersonSeed; onBehalfOf: PersonSeed | null } {
  const d = w.org.delegations.find((x) => x.delegator.id === approver.id && x.startsAt <= at && at < x.endsAt);
  // A delegate who already has a say on this ticket would decide twice; the approver keeps it.
  const path = (w.request.approverPath ?? []) as { approvers: { id: string }[] }[];
  const onTicket = path.some((s) => s.approvers.some((p) => p.id === d?.delegate.id)) || w.rows.assignments.some((a) => a.approverId === d?.delegate.id);
  if (d && canApprove(d.delegate, w.plan) && !onTicket) return { person: d.delegate, onBehalfOf: approver };
  return { person: approver, onBehalfOf: null };
}

function decide(w: Walk, stageRow: Prisma.ApprovalStageCreateManyInput, a: Assignment, outcome: "APPROVE" | "DENY", comment: string | null): void {
  const id = w.rng.uuid();
  w.rows.decisions.push({
    id,
    stageId: stageRow.id!,
    requestId: w.id,
    approverId: a.approverId,
    onBehalfOfId: a.onBehalfOfId ?? null,
    outcome,
    comment,
    createdAt: w.t,
    updatedAt: w.t,
  });
  a.status = "DONE";
  a.updatedAt = w.t;
  const action = outcome === "APPROVE" ? "approval.approved" : "approval.denied";
  w.event(action, a.person, { stage: stageRow.name, position: stageRow.position, decisionId: id, onBehalfOf: a.onBehalfOfId ?? null, comment }, ["ApprovalDecision", id]);
}

function withdrawOpen(w: Walk, list: Assignment[]): void {
  for (const a of list) {
    if (a.status === "OPEN") {
      a.status = "WITHDRAWN";
      a.updatedAt = w.t;
    }
  }
}

function finishStages(w: Walk, rows: Prisma.ApprovalStageCreateManyInput[], from: number): void {
  for (const row of rows.slice(from)) {
    row.status = "SKIPPED";
    row.updatedAt = w.t;
  }
}

/** Runs the workflow's stages; returns where the ticket stopped. */
export function runApproval(w: Walk): "approved" | "stopped" {
  const { plan } = w;
  const stages = resolveStages(w.org, plan.decision.workflowKey!, plan);
  const decidedAt = w.t;
  w.request.approverPath = stages.map((s) => ({
    position: s.position,
    name: s.def.name,
    selector: s.def.approvers,
    quorum: s.quorum,
    slaHours: s.def.slaHours,
    approvers: s.approvers.map((p) => ({ id: p.id, name: p.name, email: p.email })),
  }));
  const stageRows: Prisma.ApprovalStageCreateManyInput[] = stages.map((s) => ({
    id: w.rng.uuid(),
    requestId: w.id,
    position: s.position,
    name: s.def.name,
    selector: s.def.approvers as Prisma.InputJsonObject,
    quorum: s.quorum,
    status: "WAITING",
    slaHours: s.def.slaHours,
    escalationTarget: s.escalationTarget?.id ?? null,
    createdAt: decidedAt,
    updatedAt: decidedAt,
  }));
  w.rows.stages.push(...stageRows);
  w.setStatus("PENDING_APPROVAL");

  for (const stage of stages) {
    const row = stageRows[stage.position]!;
    const startedAt = w.t;
    Object.assign(row, { status: "PENDING", startedAt, dueAt: addMs(startedAt, stage.def.slaHours * HOUR), updatedAt: startedAt });
    const assignments = stage.approvers.map((p) => openAssignment(w, row, p));
    w.request.currentStage = stage.position;
    w.event("approval.stage_opened", null, { stage: row.name, position: row.position, quorum: row.quorum, approvers: assignments.map((a) => a.approverId), dueAt: row.dueAt }, ["ApprovalStage", row.id!]);
    if (stage.position === plan.stopStage && plan.status !== "APPROVED" && stopsInApproval(plan.status)) {
      stopAt(w, stage, row, stageRows, assignments, startedAt);
      return "stopped";
    }
    const sla = stage.def.slaHours * HOUR;
    for (const a of w.rng.shuffle(assignments).slice(0, stage.quorum)) {
      w.gap(Math.min(10 * MIN, sla / 4), sla * 0.7);
      decide(w, row, a, "APPROVE", w.rng.chance(0.4) ? w.rng.pick(APPROVAL_COMMENTS) : null);
    }
    withdrawOpen(w, assignments);
    Object.assign(row, { status: "APPROVED", completedAt: w.t, updatedAt: w.t });
  }
  w.request.currentStage = null;
  w.request.decidedAt = w.t;
  w.setStatus("APPROVED");
  w.mark("approved");
  w.event("request.approved", null, { stages: stages.length });
  w.notify(plan.requester, "request.approved", "Request approved", `${w.what()} was approved.`);
  return "approved";
}

function stopsInApproval(status: string): boolean {
  return ["PENDING_APPROVAL", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED"].includes(status);
}

function openAssignment(w: Walk, row: Prisma.ApprovalStageCreateManyInput, approver: PersonSeed): Assignment {
  const { person, onBehalfOf } = assignee(w, approver, w.t);
  const a: Assignment = {
    id: w.rng.uuid(),
    stageId: row.id!,
    requestId: w.id,
    approverId: person.id,
    onBehalfOfId: onBehalfOf?.id ?? null,
    status: "OPEN",
    createdAt: w.t,
    updatedAt: w.t,
    person,
  };
  w.rows.assignments.push(a);
  return a;
}

function stopAt(w: Walk, stage: ResolvedStage, row: Prisma.ApprovalStageCreateManyInput, rows: Prisma.ApprovalStageCreateManyInput[], assignments: Assignment[], startedAt: Date): void {
  const { plan } = w;
  const sla = stage.def.slaHours * HOUR;
  const reminder = stage.def.reminderAfterHours * HOUR;
  if (plan.status === "PENDING_APPROVAL") {
    w.mark("pending");
    const age = plan.pendingAgeMs;
    if (plan.variant.partialQuorum && stage.quorum >= 2) {
      w.t = addMs(startedAt, age * 0.5);
      decide(w, row, assignments[0]!, "APPROVE", w.rng.pick(APPROVAL_COMMENTS));
    }
    if (plan.variant.infoRequested) {
      const asker = assignments[assignments.length - 1]!;
      w.t = addMs(startedAt, age * 0.6);
      const question = w.rng.pick(INFO_QUESTIONS);
      // Asking is not a decision: the stage waits with the question, and the asker decides after the answer.
      const infoRequest = { question, askedById: asker.approverId, askedAt: w.t.toISOString(), onBehalfOfId: asker.onBehalfOfId ?? null };
      Object.assign(row, { status: "INFO_REQUESTED", infoRequest, updatedAt: w.t });
      w.event("approval.info_requested", asker.person, { stage: row.name, position: row.position, question, onBehalfOfId: asker.onBehalfOfId ?? null }, ["ApprovalStage", row.id!]);
      w.comment(asker.person, question);
      w.notify(plan.requester, "approval.info_requested", "More information requested", `${asker.person.name} asks about ${w.what()}: ${question}`, w.t, true);
    }
    if (age > reminder) {
      row.remindedAt = addMs(startedAt, reminder);
      w.event("approval.reminder_sent", null, { stage: row.name }, ["ApprovalStage", row.id!], row.remindedAt);
    }
    if (age > sla && stage.escalationTarget) {
      row.escalatedAt = addMs(startedAt, sla + 5 * MIN);
      w.t = row.escalatedAt;
      w.event("approval.escalated", null, { stage: row.name, to: stage.escalationTarget.id }, ["ApprovalStage", row.id!]);
      if (!assignments.some((a) => a.approverId === stage.escalationTarget!.id)) {
        assignments.push(openAssignment(w, row, stage.escalationTarget));
      }
    }
    for (const a of assignments.filter((x) => x.status === "OPEN")) {
      w.notify(a.person, "approval.requested", "Approval needed", `${plan.requester.name} requests ${w.what()}.`, a.createdAt as Date, true);
    }
    w.request.updatedAt = addMs(startedAt, Math.min(age, age * 0.6 + MIN));
    return;
  }
  if (plan.status === "DENIED") {
    w.gap(Math.min(20 * MIN, sla / 4), sla * 0.8);
    const denier = w.rng.pick(assignments);
    const reason = w.rng.pick(DENIAL_REASONS);
    decide(w, row, denier, "DENY", reason);
    withdrawOpen(w, assignments);
    Object.assign(row, { status: "DENIED", completedAt: w.t, updatedAt: w.t });
    finishStages(w, rows, stage.position + 1);
    w.setStatus("DENIED");
    Object.assign(w.request, { decidedAt: w.t, closedAt: w.t, currentStage: null });
    w.event("request.denied", null, { by: "approver", stage: row.name, reason });
    w.notify(plan.requester, "request.denied", "Request denied", `${denier.person.name} denied ${w.what()}: ${reason}`);
  } else if (plan.status === "CANCELLED") {
    w.gap(HOUR, 40 * HOUR);
    withdrawOpen(w, assignments);
    finishStages(w, rows, stage.position);
    w.setStatus("CANCELLED");
    Object.assign(w.request, { closedAt: w.t, currentStage: null });
    w.event("request.cancelled", plan.requester, { from: "PENDING_APPROVAL", reason: "Requester withdrew the request" });
  } else {
    row.remindedAt = addMs(startedAt, reminder);
    row.escalatedAt = addMs(startedAt, sla + 5 * MIN);
    w.event("approval.reminder_sent", null, { stage: row.name }, ["ApprovalStage", row.id!], row.remindedAt);
    w.event("approval.escalated", null, { stage: row.name, to: stage.escalationTarget?.id ?? null }, ["ApprovalStage", row.id!], row.escalatedAt);
    w.t = addMs(w.request.submittedAt as Date, UNDECIDED_EXPIRY_HOURS * HOUR);
    withdrawOpen(w, assignments);
    finishStages(w, rows, stage.position);
    w.setStatus("EXPIRED_UNDECIDED");
    Object.assign(w.request, { closedAt: w.t, currentStage: null });
    w.event("request.expired_undecided", null, { afterHours: UNDECIDED_EXPIRY_HOURS, stage: row.name });
    w.notify(plan.requester, "request.expired", "Request expired undecided", `Nobody decided on ${w.what()} within ${UNDECIDED_EXPIRY_HOURS} h.`);
  }
  w.mark("end");
}
