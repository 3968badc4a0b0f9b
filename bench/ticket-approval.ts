import { POLICY_V1_DOCUMENT as POLICY } from "@/server/db/seed/policy-document";
import { APPROVAL_COMMENTS, DENIAL_REASONS, INFO_QUESTIONS } from "@/server/db/seed/texts";
import type { Row, StageDef, Ticket } from "./lifecycle";
import { HOUR, MIN } from "./time";

const UNDECIDED_EXPIRY_HOURS = POLICY.approvals.undecidedExpiryHours;

/** Resolves the workflow's stages and runs them until the ticket is approved or stops where its plan says. */
export function runApproval(w: Ticket): "approved" | "stopped" {
  const { spec, rng, out } = w;
  const req = out.request;
  const workflow = POLICY.workflows.find((x) => x.key === spec.decision.workflowKey)!;
  const used = new Set<number>();
  const decidedAt = w.t;
  const resolved = workflow.stages.map((def, position) => {
    const approvers = w.approversFor(def, used);
    for (const a of approvers) used.add(a);
    const quorum = Math.min(def.quorum, approvers.length);
    const row: Row = {
      id: w.ctx.ids.stage.id(spec.slot * 4 + w.counters.stage++),
      requestId: w.id,
      position,
      name: def.name,
      selector: def.approvers,
      quorum,
      status: "WAITING",
      slaHours: def.slaHours,
      dueAt: null,
      escalationTarget: null,
      remindedAt: null,
      escalatedAt: null,
      infoRequest: null,
      startedAt: null,
      completedAt: null,
      createdAt: decidedAt,
      updatedAt: decidedAt,
    };
    out.stages.push(row);
    return { def, approvers, quorum, row };
  });
  req.approverPath = resolved.map((s, position) => ({
    position,
    name: s.def.name,
    selector: s.def.approvers,
    quorum: s.quorum,
    slaHours: s.def.slaHours,
    approvers: s.approvers.map((p) => ({ id: w.person(p).id, name: w.person(p).name, email: w.person(p).email })),
  }));
  w.set("PENDING_APPROVAL");
  for (const stage of resolved) {
    const { row, def } = stage;
    const startedAt = w.t;
    Object.assign(row, { status: "PENDING", startedAt, dueAt: startedAt + def.slaHours * HOUR, updatedAt: startedAt });
    const assignments = stage.approvers.map((p) => assign(w, row, p));
    req.currentStage = row.position;
    w.event("approval.stage_opened", null, { stage: def.name, position: row.position, quorum: stage.quorum, approvers: assignments.map((a) => a.approverId) }, ["ApprovalStage", row.id as string]);
    if (row.position === spec.stopStage && ["PENDING_APPROVAL", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED"].includes(spec.status)) {
      stop(w, stage, assignments, startedAt);
      return "stopped";
    }
    const sla = def.slaHours * HOUR;
    for (const a of rng.shuffle(assignments).slice(0, stage.quorum)) {
      w.gap(Math.min(10 * MIN, sla / 4), sla * 0.7);
      decide(w, row, a, "APPROVE", rng.chance(0.4) ? rng.pick(APPROVAL_COMMENTS) : null);
    }
    withdraw(w, assignments);
    Object.assign(row, { status: "APPROVED", completedAt: w.t, updatedAt: w.t });
    w.event("approval.stage_completed", null, { stage: def.name, position: row.position, status: "APPROVED", quorum: stage.quorum }, ["ApprovalStage", row.id as string]);
  }
  req.currentStage = null;
  req.decidedAt = w.t;
  req.approvedScope = req.scope;
  w.set("APPROVED");
  w.mark("approved");
  w.event("request.approved", null, { stages: resolved.length });
  return "approved";
}

export function assign(w: Ticket, stage: Row, approver: number): Row {
  const a: Row = {
    id: w.ctx.ids.assignment.id(w.spec.slot * 16 + w.counters.assignment++),
    stageId: stage.id,
    requestId: w.id,
    approverId: w.person(approver).id,
    onBehalfOfId: null,
    status: "OPEN",
    createdAt: w.t,
    updatedAt: w.t,
    approver,
  };
  w.out.assignments.push(a);
  return a;
}

export function decide(w: Ticket, stage: Row, a: Row, outcome: "APPROVE" | "DENY", comment: string | null): void {
  const id = w.ctx.ids.decision.id(w.spec.slot * 8 + w.counters.decision++);
  w.out.decisions.push({ id, stageId: stage.id, requestId: w.id, approverId: a.approverId, onBehalfOfId: null, outcome, comment, createdAt: w.t, updatedAt: w.t });
  Object.assign(a, { status: "DONE", updatedAt: w.t });
  w.event(outcome === "APPROVE" ? "approval.approved" : "approval.denied", a.approver as number, { stage: stage.name, position: stage.position, decisionId: id, comment }, ["ApprovalDecision", id]);
}

export function withdraw(w: Ticket, list: Row[]): void {
  for (const a of list) if (a.status === "OPEN") Object.assign(a, { status: "WITHDRAWN", updatedAt: w.t });
}

export function skipFrom(w: Ticket, position: number): void {
  for (const row of w.out.stages) if ((row.position as number) >= position && row.status !== "DENIED") Object.assign(row, { status: "SKIPPED", updatedAt: w.t });
}

export function stop(w: Ticket, stage: { def: StageDef; row: Row; quorum: number; approvers: number[] }, assignments: Row[], startedAt: number): void {
  const { spec, rng } = w;
  const req = w.out.request;
  const { def, row } = stage;
  const sla = def.slaHours * HOUR;
  const reminder = def.reminderAfterHours * HOUR;
  if (spec.status === "PENDING_APPROVAL") {
    w.mark("pending");
    const age = spec.pendingAgeMs;
    if (stage.quorum >= 2 && rng.chance(0.5)) {
      w.t = startedAt + Math.round(age * 0.5);
      decide(w, row, assignments[0]!, "APPROVE", rng.pick(APPROVAL_COMMENTS));
    }
    if (rng.chance(0.1)) {
      const asker = assignments[assignments.length - 1]!;
      w.t = startedAt + Math.round(age * 0.6);
      const question = rng.pick(INFO_QUESTIONS);
      Object.assign(row, { status: "INFO_REQUESTED", infoRequest: { question, askedById: asker.approverId, askedAt: new Date(w.t).toISOString(), onBehalfOfId: null }, updatedAt: w.t });
      w.event("approval.info_requested", asker.approver as number, { stage: def.name, position: row.position, question }, ["ApprovalStage", row.id as string]);
      w.comment(asker.approver as number, question);
    }
    if (age > reminder) {
      row.remindedAt = startedAt + reminder;
      w.event("approval.reminder_sent", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.remindedAt as number);
    }
    // The sweep escalates a few minutes after the deadline: a stage not yet that late is not escalated yet.
    if (age > sla + 5 * MIN) {
      row.escalatedAt = startedAt + sla + 5 * MIN;
      const target = w.person(stage.approvers[0]!).manager;
      row.escalationTarget = target === null ? null : w.person(target).id;
      w.event("approval.escalated", null, { stage: def.name, to: row.escalationTarget }, ["ApprovalStage", row.id as string], row.escalatedAt as number);
    }
    req.updatedAt = startedAt + Math.round(Math.min(age, age * 0.6 + MIN));
    w.t = req.updatedAt as number;
    return;
  }
  if (spec.status === "DENIED") {
    w.gap(Math.min(20 * MIN, sla / 4), sla * 0.8);
    const denier = rng.pick(assignments);
    const reason = rng.pick(DENIAL_REASONS);
    decide(w, row, denier, "DENY", reason);
    withdraw(w, assignments);
    Object.assign(row, { status: "DENIED", completedAt: w.t, updatedAt: w.t });
    skipFrom(w, (row.position as number) + 1);
    w.set("DENIED");
    Object.assign(req, { decidedAt: w.t, closedAt: w.t, currentStage: null });
    w.event("request.denied", null, { by: "approver", stage: def.name, reason });
  } else if (spec.status === "CANCELLED") {
    w.gap(HOUR, 40 * HOUR);
    withdraw(w, assignments);
    skipFrom(w, row.position as number);
    w.set("CANCELLED");
    Object.assign(req, { closedAt: w.t, currentStage: null });
    w.event("request.cancelled", spec.requester, { from: "PENDING_APPROVAL", reason: "Requester withdrew the request" });
  } else {
    row.remindedAt = startedAt + reminder;
    row.escalatedAt = startedAt + sla + 5 * MIN;
    w.event("approval.reminder_sent", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.remindedAt as number);
    w.event("approval.escalated", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.escalatedAt as number);
    w.t = (req.submittedAt as number) + UNDECIDED_EXPIRY_HOURS * HOUR;
    withdraw(w, assignments);
    skipFrom(w, row.position as number);
    w.set("EXPIRED_UNDECIDED");
    Object.assign(req, { closedAt: w.t, currentStage: null });
    w.event("request.expired_undecided", null, { afterHours: UNDECIDED_EXPIRY_HOURS, stage: def.name });
  }
  w.mark("end");
}
