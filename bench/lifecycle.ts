import type { ConnectorType, EvidenceKind, GrantType, RequestStatus } from "@/server/db/generated/client";
import { sha256Hex } from "@/server/domain/audit/canonical";
import { POLICY_V1_DOCUMENT as POLICY } from "@/server/db/seed/policy-document";
import { SeedRandom } from "@/server/db/seed/random";
import { APPROVAL_COMMENTS, COMMENT_LINES, DENIAL_REASONS, FAILURE_REASONS, INFO_QUESTIONS, justification } from "@/server/db/seed/texts";
import type { IdSpace } from "./ids";
import type { Organisation } from "./org";
import type { Phase, TicketSpec } from "./plan";
import { EXTRA_COMMENTS, PROJECTS, REASONS, TEAMS } from "./words";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const UNDECIDED_EXPIRY_HOURS = POLICY.approvals.undecidedExpiryHours;

type Row = Record<string, unknown>;

/** An audit event at its business time (epoch ms). */
export interface TimedEvent {
  t: number;
  actorType: "USER" | "SYSTEM";
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null;
  data: Record<string, unknown>;
}

export interface TicketRows {
  request: Row;
  stages: Row[];
  assignments: Row[];
  decisions: Row[];
  grants: Row[];
  secrets: Row[];
  certificates: Row[];
  evidence: Row[];
  comments: Row[];
  events: TimedEvent[];
  times: Partial<Record<Phase, number>>;
}

export interface LifecycleContext {
  org: Organisation;
  ids: Record<"request" | "stage" | "assignment" | "decision" | "grant" | "credential" | "evidence" | "comment", IdSpace>;
  policyVersionId: string;
  workflowIds: Map<string, string>;
  /** Secrets already rotated by a ticket; the schema allows one successor per secret. */
  rotated: Set<string>;
}

type StageDef = (typeof POLICY.workflows)[number]["stages"][number];

/**
 * Plays one ticket forward from `start`, producing its rows and audit events. It draws only from
 * the ticket's own random stream and never looks at the clock, so a pass from 0 measures where
 * its anchor falls and a second pass from the right start places it exactly.
 */
export function runTicket(ctx: LifecycleContext, spec: TicketSpec, start: number): TicketRows {
  return new Ticket(ctx, spec, start).run();
}

class Ticket {
  readonly rng: SeedRandom;
  readonly out: TicketRows;
  readonly id: string;
  t: number;
  private counters = { stage: 0, assignment: 0, decision: 0, evidence: 0, comment: 0 };

  constructor(
    readonly ctx: LifecycleContext,
    readonly spec: TicketSpec,
    start: number,
  ) {
    this.rng = new SeedRandom(spec.rngSeed);
    this.t = start;
    this.id = ctx.ids.request.id(spec.slot);
    const e = spec.entitlement;
    const text = this.justification();
    this.out = {
      request: {
        id: this.id,
        number: spec.number,
        kind: spec.kind,
        exceptionType: spec.exceptionType,
        status: "DRAFT",
        requesterId: this.person(spec.requester).id,
        subjectId: spec.subject.id,
        systemId: e.system.id,
        entitlementId: e.id,
        scope: this.scope(),
        approvedScope: null,
        justification: text,
        expiresAt: null,
        riskScore: null,
        riskTier: null,
        decisionRoute: null,
        policyVersionId: null,
        policyRuleId: null,
        decisionReasons: null,
        workflowId: null,
        approverPath: null,
        currentStage: null,
        incidentId: spec.incidentId,
        sponsorId: spec.sponsor === null ? null : this.person(spec.sponsor).id,
        vendorWindowStart: null,
        vendorWindowEnd: null,
        followUpDueAt: null,
        parentRequestId: spec.parent ? ctx.ids.request.id(spec.parent.slot) : null,
        failureReason: null,
        submittedAt: null,
        decidedAt: null,
        closedAt: null,
        createdAt: start,
        updatedAt: start,
      },
      stages: [],
      assignments: [],
      decisions: [],
      grants: [],
      secrets: [],
      certificates: [],
      evidence: [],
      comments: [],
      events: [],
      times: {},
    };
  }

  person(index: number) {
    return this.ctx.org.people[index]!;
  }

  private scope(): Record<string, unknown> {
    const { spec } = this;
    const e = spec.entitlement;
    const base = { system: e.system.key, entitlement: e.key, identity: spec.subject.name, ...e.scope };
    const parentGrant = spec.parent ? this.ctx.ids.grant.id(spec.parent.slot) : null;
    if (spec.kind === "REVOKE") return { ...base, action: "revoke", grantId: parentGrant };
    if (spec.kind === "ROTATE") return { ...base, action: "rotate", previousCredentialId: spec.parent ? this.ctx.ids.credential.id(spec.parent.slot) : null };
    if (spec.kind === "MODIFY") return { ...base, action: "modify", change: spec.ttlHours === null ? { type: "scope" } : { type: "duration", requestedHours: spec.ttlHours } };
    if (spec.kind === "REVIEW") return { ...base, action: "review", reviewOf: spec.parent ? this.ctx.ids.request.id(spec.parent.slot) : null };
    return base;
  }

  /** A template of the demo seed, filled in, plus a sentence of context: varied and searchable. */
  private justification(): string {
    const { spec, rng } = this;
    const org = this.ctx.org;
    const e = spec.entitlement;
    const s = spec.subject;
    const owner = s.owner !== null ? this.person(s.owner).name : "";
    const key =
      spec.kind === "EXCEPTION"
        ? spec.exceptionType!
        : spec.kind === "MODIFY"
          ? "modify"
          : spec.kind === "REVOKE"
            ? "revoke"
            : spec.kind === "ROTATE"
              ? "rotate"
              : spec.kind === "REVIEW"
                ? "EMERGENCY"
                : s.kind === "NHI"
                  ? "nhi"
                  : spec.requester !== s.person
                    ? "teammate"
                    : e.privileged
                      ? "privileged"
                      : "self";
    const head = justification(rng, key, {
      ent: e.name,
      sys: e.system.name,
      subject: s.displayName,
      requester: this.person(spec.requester).name,
      team: rng.pick(TEAMS),
      nhi: s.name,
      workload: s.workload ?? "",
      owner,
      backup: s.backup !== null ? this.person(s.backup).name : "not yet named",
      deps: s.dependencies.join(", ") || "no other service",
      period: s.rotationPeriodDays ?? 90,
      incident: spec.incidentId ?? "INC-00000",
      sponsor: spec.sponsor !== null ? this.person(spec.sponsor).name : "",
    });
    const project = rng.pick(PROJECTS);
    const tail = rng.chance(0.6) ? ` Part of the ${project} (${rng.pick(org.systems).key}). ${rng.pick(REASONS)}` : ` ${rng.pick(REASONS)}`;
    return spec.kind === "REVIEW" ? `Follow-up review of break-glass access: ${head}${tail}` : head + tail;
  }

  gap(min: number, max: number): number {
    this.t += Math.round(this.rng.real(min, max));
    return this.t;
  }

  mark(phase: Phase): void {
    this.out.times[phase] = this.t;
  }

  set(status: RequestStatus): void {
    this.out.request.status = status;
    this.out.request.updatedAt = this.t;
  }

  event(action: string, actor: number | null, data: Record<string, unknown> = {}, entity?: [string, string], at = this.t): void {
    this.out.events.push({
      t: at,
      actorType: actor === null ? "SYSTEM" : "USER",
      actorId: actor === null ? null : this.person(actor).id,
      action,
      entityType: entity?.[0] ?? "AccessRequest",
      entityId: entity?.[1] ?? this.id,
      requestId: this.id,
      data,
    });
  }

  comment(author: number, body: string, at = this.t): void {
    const id = this.ctx.ids.comment.id(this.spec.slot * 8 + this.counters.comment++);
    this.out.comments.push({ id, requestId: this.id, authorId: this.person(author).id, body, createdAt: at, updatedAt: at });
    this.event("comment.added", author, { commentId: id, length: body.length }, ["Comment", id], at);
  }

  run(): TicketRows {
    const { spec, out } = this;
    const req = out.request;
    this.mark("created");
    if (spec.kind === "REVIEW") return this.review();
    // Most requests are submitted straight from the form; a draft saved first leaves its own event.
    const savedAsDraft = spec.status === "DRAFT" || spec.fromDraft || this.rng.chance(0.1);
    if (savedAsDraft) this.event("request.created", spec.requester, { kind: spec.kind, exceptionType: spec.exceptionType, status: "DRAFT" });
    if (spec.status === "DRAFT") return this.finish();
    if (spec.fromDraft) {
      this.gap(HOUR, 3 * DAY);
      this.set("CANCELLED");
      req.closedAt = this.t;
      this.event("request.cancelled", spec.requester, { from: "DRAFT", reason: "No longer needed" });
      this.mark("end");
      return this.finish();
    }
    this.gap(savedAsDraft ? 2 * MIN : 10, savedAsDraft ? 90 * MIN : 50);
    req.submittedAt = this.t;
    if (spec.ttlHours !== null) req.expiresAt = this.t + (spec.ttlHours + 24) * HOUR;
    if (spec.exceptionType === "VENDOR") {
      req.vendorWindowStart = this.t + this.rng.real(2 * HOUR, 30 * HOUR);
      req.vendorWindowEnd = (req.vendorWindowStart as number) + (spec.ttlHours ?? 8) * HOUR;
      req.expiresAt = req.vendorWindowEnd;
    }
    this.set("SUBMITTED");
    this.mark("submitted");
    this.event("request.submitted", spec.requester, { scope: req.scope, justification: req.justification });
    if (spec.status === "SUBMITTED") return this.finish();

    this.gap(150, 600);
    const d = spec.decision;
    Object.assign(req, {
      riskScore: d.riskScore,
      riskTier: d.riskTier,
      decisionRoute: d.breakGlass ? "AUTO_APPROVE" : d.route,
      policyVersionId: this.ctx.policyVersionId,
      policyRuleId: d.ruleId,
      decisionReasons: d.reasons,
      workflowId: d.workflowKey && !d.breakGlass ? this.ctx.workflowIds.get(d.workflowKey)! : null,
    });
    this.event("policy.decided", null, { policyVersion: 1, route: d.route, ruleId: d.ruleId, riskScore: d.riskScore, riskTier: d.riskTier, workflow: d.workflowKey });
    if (d.route === "REJECT") {
      this.set("DENIED");
      req.decidedAt = this.t;
      req.closedAt = this.t;
      this.event("request.denied", null, { by: "policy", ruleId: d.ruleId });
      this.mark("end");
      return this.finish();
    }
    if (d.breakGlass || d.route === "AUTO_APPROVE") {
      this.set("AUTO_APPROVED");
      req.decidedAt = this.t;
      if (d.breakGlass) {
        req.followUpDueAt = (req.submittedAt as number) + 24 * HOUR;
        this.event("request.auto_approved", null, { ruleId: d.ruleId, breakGlass: true, reason: "break-glass: granted before review", followUpDueAt: new Date(req.followUpDueAt as number).toISOString() });
      } else {
        this.event("request.auto_approved", null, { ruleId: d.ruleId, preApprovedPattern: d.preApprovedPattern });
      }
      this.mark("approved");
      if (spec.status === "AUTO_APPROVED") return this.finish();
    } else {
      if (this.approval() !== "approved" || spec.status === "APPROVED") return this.finish();
    }
    this.fulfil();
    return this.finish();
  }

  private finish(): TicketRows {
    const { spec, rng } = this;
    const req = this.out.request;
    // Discussion on a share of the tickets, between submission and the last change.
    if (spec.status !== "DRAFT" && rng.chance(0.12)) {
      const from = (req.submittedAt as number | null) ?? (req.createdAt as number);
      const to = req.updatedAt as number;
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        const approvers = this.out.assignments.map((a) => a.approver as number);
        const author = approvers.length > 0 && rng.chance(0.5) ? rng.pick(approvers) : spec.requester;
        const body = rng.chance(0.5) ? rng.pick(COMMENT_LINES) : `${rng.pick(EXTRA_COMMENTS)} (${rng.pick(PROJECTS)})`;
        this.comment(author, body, Math.round(from + (to - from) * rng.real(0.1, 0.9)));
      }
    }
    for (const a of this.out.assignments) delete a.approver;
    return this.out;
  }

  /** Who decides a stage, never the requester or the subject, nor someone who decided an earlier stage. */
  private approversFor(def: StageDef, used: Set<number>): number[] {
    const { spec, rng } = this;
    const org = this.ctx.org;
    const excluded = (p: number) => p === spec.requester || p === spec.subject.person || used.has(p);
    const climb = (start: number | null): number => {
      let p = start;
      for (let i = 0; p !== null && i < 8; i++) {
        const person = this.person(p);
        if (person.active && person.roles.includes("APPROVER") && !excluded(p)) return p;
        p = person.manager;
      }
      for (;;) {
        const q = rng.pick(org.approvers);
        if (!excluded(q)) return q;
      }
    };
    const sel = def.approvers as { type: string };
    const s = spec.subject;
    switch (sel.type) {
      case "group": {
        const pool = org.securityReviewers.filter((p) => !excluded(p));
        return pool.length > 0 ? rng.shuffle(pool).slice(0, def.quorum + 1) : [climb(null)];
      }
      case "subject_manager":
        return [climb(s.person !== null ? this.person(s.person).manager : s.owner)];
      case "resource_owner":
        return [climb(spec.entitlement.system.owner)];
      case "sponsor":
        return [climb(spec.sponsor)];
      case "nhi_owner":
        return [climb(s.owner === spec.requester ? (s.backup ?? this.person(s.owner).manager) : s.owner)];
      default:
        return [climb(null)];
    }
  }

  private approval(): "approved" | "stopped" {
    const { spec, rng, out } = this;
    const req = out.request;
    const workflow = POLICY.workflows.find((w) => w.key === spec.decision.workflowKey)!;
    const used = new Set<number>();
    const decidedAt = this.t;
    const resolved = workflow.stages.map((def, position) => {
      const approvers = this.approversFor(def, used);
      for (const a of approvers) used.add(a);
      const quorum = Math.min(def.quorum, approvers.length);
      const row: Row = {
        id: this.ctx.ids.stage.id(spec.slot * 4 + this.counters.stage++),
        requestId: this.id,
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
      approvers: s.approvers.map((p) => ({ id: this.person(p).id, name: this.person(p).name, email: this.person(p).email })),
    }));
    this.set("PENDING_APPROVAL");
    for (const stage of resolved) {
      const { row, def } = stage;
      const startedAt = this.t;
      Object.assign(row, { status: "PENDING", startedAt, dueAt: startedAt + def.slaHours * HOUR, updatedAt: startedAt });
      const assignments = stage.approvers.map((p) => this.assign(row, p));
      req.currentStage = row.position;
      this.event("approval.stage_opened", null, { stage: def.name, position: row.position, quorum: stage.quorum, approvers: assignments.map((a) => a.approverId) }, ["ApprovalStage", row.id as string]);
      if (row.position === spec.stopStage && ["PENDING_APPROVAL", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED"].includes(spec.status)) {
        this.stop(stage, assignments, startedAt);
        return "stopped";
      }
      const sla = def.slaHours * HOUR;
      for (const a of rng.shuffle(assignments).slice(0, stage.quorum)) {
        this.gap(Math.min(10 * MIN, sla / 4), sla * 0.7);
        this.decide(row, a, "APPROVE", rng.chance(0.4) ? rng.pick(APPROVAL_COMMENTS) : null);
      }
      this.withdraw(assignments);
      Object.assign(row, { status: "APPROVED", completedAt: this.t, updatedAt: this.t });
      this.event("approval.stage_completed", null, { stage: def.name, position: row.position, status: "APPROVED", quorum: stage.quorum }, ["ApprovalStage", row.id as string]);
    }
    req.currentStage = null;
    req.decidedAt = this.t;
    req.approvedScope = req.scope;
    this.set("APPROVED");
    this.mark("approved");
    this.event("request.approved", null, { stages: resolved.length });
    return "approved";
  }

  private assign(stage: Row, approver: number): Row {
    const a: Row = {
      id: this.ctx.ids.assignment.id(this.spec.slot * 16 + this.counters.assignment++),
      stageId: stage.id,
      requestId: this.id,
      approverId: this.person(approver).id,
      onBehalfOfId: null,
      status: "OPEN",
      createdAt: this.t,
      updatedAt: this.t,
      approver,
    };
    this.out.assignments.push(a);
    return a;
  }

  private decide(stage: Row, a: Row, outcome: "APPROVE" | "DENY", comment: string | null): void {
    const id = this.ctx.ids.decision.id(this.spec.slot * 8 + this.counters.decision++);
    this.out.decisions.push({ id, stageId: stage.id, requestId: this.id, approverId: a.approverId, onBehalfOfId: null, outcome, comment, createdAt: this.t, updatedAt: this.t });
    Object.assign(a, { status: "DONE", updatedAt: this.t });
    this.event(outcome === "APPROVE" ? "approval.approved" : "approval.denied", a.approver as number, { stage: stage.name, position: stage.position, decisionId: id, comment }, ["ApprovalDecision", id]);
  }

  private withdraw(list: Row[]): void {
    for (const a of list) if (a.status === "OPEN") Object.assign(a, { status: "WITHDRAWN", updatedAt: this.t });
  }

  private skipFrom(position: number): void {
    for (const row of this.out.stages) if ((row.position as number) >= position && row.status !== "DENIED") Object.assign(row, { status: "SKIPPED", updatedAt: this.t });
  }

  private stop(stage: { def: StageDef; row: Row; quorum: number; approvers: number[] }, assignments: Row[], startedAt: number): void {
    const { spec, rng } = this;
    const req = this.out.request;
    const { def, row } = stage;
    const sla = def.slaHours * HOUR;
    const reminder = def.reminderAfterHours * HOUR;
    if (spec.status === "PENDING_APPROVAL") {
      this.mark("pending");
      const age = spec.pendingAgeMs;
      if (stage.quorum >= 2 && rng.chance(0.5)) {
        this.t = startedAt + Math.round(age * 0.5);
        this.decide(row, assignments[0]!, "APPROVE", rng.pick(APPROVAL_COMMENTS));
      }
      if (rng.chance(0.1)) {
        const asker = assignments[assignments.length - 1]!;
        this.t = startedAt + Math.round(age * 0.6);
        const question = rng.pick(INFO_QUESTIONS);
        Object.assign(row, { status: "INFO_REQUESTED", infoRequest: { question, askedById: asker.approverId, askedAt: new Date(this.t).toISOString(), onBehalfOfId: null }, updatedAt: this.t });
        this.event("approval.info_requested", asker.approver as number, { stage: def.name, position: row.position, question }, ["ApprovalStage", row.id as string]);
        this.comment(asker.approver as number, question);
      }
      if (age > reminder) {
        row.remindedAt = startedAt + reminder;
        this.event("approval.reminder_sent", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.remindedAt as number);
      }
      if (age > sla) {
        row.escalatedAt = startedAt + sla + 5 * MIN;
        const target = this.person(stage.approvers[0]!).manager;
        row.escalationTarget = target === null ? null : this.person(target).id;
        this.event("approval.escalated", null, { stage: def.name, to: row.escalationTarget }, ["ApprovalStage", row.id as string], row.escalatedAt as number);
      }
      req.updatedAt = startedAt + Math.round(Math.min(age, age * 0.6 + MIN));
      this.t = req.updatedAt as number;
      return;
    }
    if (spec.status === "DENIED") {
      this.gap(Math.min(20 * MIN, sla / 4), sla * 0.8);
      const denier = rng.pick(assignments);
      const reason = rng.pick(DENIAL_REASONS);
      this.decide(row, denier, "DENY", reason);
      this.withdraw(assignments);
      Object.assign(row, { status: "DENIED", completedAt: this.t, updatedAt: this.t });
      this.skipFrom((row.position as number) + 1);
      this.set("DENIED");
      Object.assign(req, { decidedAt: this.t, closedAt: this.t, currentStage: null });
      this.event("request.denied", null, { by: "approver", stage: def.name, reason });
    } else if (spec.status === "CANCELLED") {
      this.gap(HOUR, 40 * HOUR);
      this.withdraw(assignments);
      this.skipFrom(row.position as number);
      this.set("CANCELLED");
      Object.assign(req, { closedAt: this.t, currentStage: null });
      this.event("request.cancelled", spec.requester, { from: "PENDING_APPROVAL", reason: "Requester withdrew the request" });
    } else {
      row.remindedAt = startedAt + reminder;
      row.escalatedAt = startedAt + sla + 5 * MIN;
      this.event("approval.reminder_sent", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.remindedAt as number);
      this.event("approval.escalated", null, { stage: def.name }, ["ApprovalStage", row.id as string], row.escalatedAt as number);
      this.t = (req.submittedAt as number) + UNDECIDED_EXPIRY_HOURS * HOUR;
      this.withdraw(assignments);
      this.skipFrom(row.position as number);
      this.set("EXPIRED_UNDECIDED");
      Object.assign(req, { closedAt: this.t, currentStage: null });
      this.event("request.expired_undecided", null, { afterHours: UNDECIDED_EXPIRY_HOURS, stage: def.name });
    }
    this.mark("end");
  }

  private connectorDelay(type: ConnectorType): void {
    if (type === "MANUAL") this.gap(2 * HOUR, 26 * HOUR);
    else if (type === "WEBHOOK") this.gap(MIN, 40 * MIN);
    else this.gap(3_000, 40_000);
  }

  private fulfil(): void {
    const { spec, rng, out } = this;
    const req = out.request;
    const type = spec.entitlement.system.connectorType;
    this.gap(20_000, 2 * MIN);
    const windowStart = req.vendorWindowStart as number | null;
    if (windowStart !== null && windowStart > this.t) this.t = windowStart;
    this.set("FULFILLING");
    this.mark("fulfilling");
    this.event("fulfilment.started", null, { connectorType: type });
    if (spec.kind === "REVOKE") return this.revokeParent(type);
    const grantType: GrantType = type === "API_KEY" ? "SECRET" : type === "CERTIFICATE_AUTHORITY" ? "CERTIFICATE" : "ENTITLEMENT";
    const credentialId = this.ctx.ids.credential.id(spec.slot);
    const grant: Row = {
      id: this.ctx.ids.grant.id(spec.slot),
      requestId: this.id,
      identityId: spec.subject.id,
      entitlementId: spec.entitlement.id,
      type: grantType,
      status: "PENDING",
      connectorType: type,
      externalRef: externalRef(spec, credentialId),
      scope: req.approvedScope ?? req.scope,
      grantedAt: null,
      expiresAt: req.expiresAt,
      revokedAt: null,
      lastVerifiedAt: null,
      createdAt: this.t,
      updatedAt: this.t,
    };
    out.grants.push(grant);
    if (spec.status === "FULFILLING") return;
    if (spec.status === "FAILED") {
      this.gap(5 * MIN, 6 * HOUR);
      const reason = FAILURE_REASONS[type]!.replace("%s", String(spec.entitlement.scope.role ?? spec.entitlement.key));
      Object.assign(grant, { status: "FAILED", updatedAt: this.t });
      this.set("FAILED");
      req.failureReason = reason;
      this.mark("end");
      this.event("request.failed", null, { reason, attempts: 3 });
      return;
    }
    this.connectorDelay(type);
    const expiresAt = spec.ttlHours === null ? null : this.t + spec.ttlHours * HOUR;
    req.expiresAt = expiresAt;
    Object.assign(grant, { status: "ACTIVE", grantedAt: this.t, expiresAt, lastVerifiedAt: this.t, updatedAt: this.t });
    let secret: Row | null = null;
    let cert: Row | null = null;
    if (grantType === "SECRET") {
      const previous = spec.kind === "ROTATE" && spec.parent && spec.parent.entitlement.system.connectorType === "API_KEY" ? this.ctx.ids.credential.id(spec.parent.slot) : null;
      const rotatedFromId = previous && !this.ctx.rotated.has(previous) ? previous : null;
      if (rotatedFromId) this.ctx.rotated.add(rotatedFromId);
      secret = {
        id: credentialId,
        grantId: grant.id,
        identityId: spec.subject.id,
        label: `${spec.entitlement.name} for ${spec.subject.name}`,
        fingerprint: sha256Hex(`bench-key:${credentialId}`),
        prefix: `acme_${credentialId.slice(0, 6)}`,
        algorithm: "sha256",
        version: rotatedFromId ? 2 : 1,
        rotatedFromId,
        expiresAt,
        revokedAt: null,
        lastUsedAt: this.t + Math.round(rng.real(MIN, HOUR)),
        createdAt: this.t,
        updatedAt: this.t,
      };
      out.secrets.push(secret);
    } else if (grantType === "CERTIFICATE") {
      cert = {
        id: credentialId,
        grantId: grant.id,
        identityId: spec.subject.id,
        serialNumber: grant.externalRef,
        fingerprintSha256: sha256Hex(`bench-cert:${credentialId}`),
        subjectDn: `CN=${spec.subject.name}.svc.acme.internal,O=Acme Corp`,
        issuerDn: "CN=Acme Internal Issuing CA 1,O=Acme Corp",
        pem: "",
        notBefore: this.t,
        notAfter: expiresAt ?? this.t + 30 * DAY,
        revokedAt: null,
        revocationReason: null,
        createdAt: this.t,
        updatedAt: this.t,
      };
      out.certificates.push(cert);
    }
    this.event("grant.created", null, { grantId: grant.id, type: grantType, connectorType: type, externalRef: grant.externalRef, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() }, ["Grant", grant.id as string]);
    this.evidence(grant, spec.kind === "MODIFY" ? "MODIFIED" : spec.kind === "ROTATE" ? "ROTATED" : "GRANTED", true);
    this.set("ACTIVE");
    this.mark("active");
    this.event("request.activated", null, { grantId: grant.id, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() });
    if (spec.status === "ACTIVE") return;

    // Handed back early, expired, or removed by an access review.
    const held = spec.ttlHours === null ? rng.real(20 * DAY, 400 * DAY) : rng.chance(0.3) ? spec.ttlHours * HOUR * rng.real(0.2, 0.9) : spec.ttlHours * HOUR;
    this.t += Math.round(held);
    const reason = expiresAt !== null && this.t >= expiresAt ? "expired" : expiresAt !== null ? "handed back before expiry" : "access review: no longer needed";
    Object.assign(grant, { status: "REVOKING", updatedAt: this.t });
    this.set("REVOKING");
    this.mark("revoking");
    this.event("request.revoking", null, { reason });
    if (spec.status === "REVOKING") return;
    this.connectorDelay(type);
    Object.assign(grant, { status: "REVOKED", revokedAt: this.t, lastVerifiedAt: this.t, updatedAt: this.t });
    if (secret) Object.assign(secret, { revokedAt: this.t, updatedAt: this.t });
    if (cert) Object.assign(cert, { revokedAt: this.t, revocationReason: "cessationOfOperation", updatedAt: this.t });
    this.event("grant.revoked", null, { grantId: grant.id, reason }, ["Grant", grant.id as string]);
    this.evidence(grant, "REVOKED", false);
    this.set("CLOSED");
    req.closedAt = this.t;
    this.mark("end");
    this.event("request.closed", null, { reason });
  }

  private revokeParent(type: ConnectorType): void {
    const { spec } = this;
    const req = this.out.request;
    if (spec.status === "FULFILLING") return;
    if (spec.status === "FAILED") {
      this.gap(5 * MIN, 6 * HOUR);
      const reason = FAILURE_REASONS[type]!.replace("%s", String(spec.entitlement.scope.role ?? spec.entitlement.key));
      this.set("FAILED");
      req.failureReason = reason;
      this.mark("end");
      this.event("request.failed", null, { reason, attempts: 3 });
      return;
    }
    this.connectorDelay(type);
    const parentGrant = spec.parent && spec.parent.times.active !== undefined ? this.ctx.ids.grant.id(spec.parent.slot) : null;
    this.evidence({ id: parentGrant, externalRef: null }, "REVOKED", false);
    this.set("CLOSED");
    req.closedAt = this.t;
    this.mark("end");
    this.event("request.closed", null, { reason: "access removed" });
  }

  private evidence(grant: Row, kind: EvidenceKind, present: boolean): void {
    const { spec } = this;
    const e = spec.entitlement;
    const type = e.system.connectorType;
    const id = this.ctx.ids.evidence.id(spec.slot * 4 + this.counters.evidence++);
    const manual = type === "MANUAL";
    const scope = e.scope;
    const observed =
      type === "POSTGRES"
        ? { source: "pg_auth_members", database: scope.database ?? null, role: scope.role ?? null, member: spec.subject.name.replace(/[^a-z0-9]+/gi, "_").toLowerCase(), isMember: present }
        : type === "API_KEY"
          ? { source: "key-issuer", keyId: grant.externalRef ?? null, audience: scope.audience ?? null, status: present ? "active" : "revoked" }
          : type === "CERTIFICATE_AUTHORITY"
            ? { source: "ca-database", serialNumber: grant.externalRef ?? null, status: present ? "valid" : "revoked", inCrl: !present }
            : type === "WEBHOOK"
              ? { source: "signed-callback", signatureValid: true, targetState: present ? "assigned" : "removed", target: e.system.key }
              : { source: "attestation", attestation: `${present ? "Screenshot shows" : "Screenshot no longer shows"} ${spec.subject.displayName} in the portal's user list.` };
    const summary = `${kind.toLowerCase()}: ${e.name} ${present ? "present" : "absent"} for ${spec.subject.name} (read back from ${e.system.name})`;
    const owner = e.system.owner;
    this.out.evidence.push({
      id,
      requestId: this.id,
      grantId: grant.id ?? null,
      kind,
      connectorType: type,
      observed,
      summary,
      artefactSha256: manual ? sha256Hex(`artefact:${id}`) : null,
      attestedById: manual ? this.person(owner).id : null,
      verifiedAt: this.t,
      createdAt: this.t,
      updatedAt: this.t,
    });
    this.event("evidence.recorded", manual ? owner : null, { kind, grantId: grant.id ?? null, connectorType: type, summary }, ["ClosureEvidence", id]);
  }

  /** The follow-up review of a break-glass ticket: opened by the system when the access was granted. */
  private review(): TicketRows {
    const { spec, rng, out } = this;
    const req = out.request;
    const parent = spec.parent!;
    const workflow = POLICY.workflows.find((w) => w.key === "break-glass")!;
    const def = workflow.stages[0]!;
    Object.assign(req, {
      status: "PENDING_APPROVAL",
      submittedAt: this.t,
      riskScore: parent.decision.riskScore,
      riskTier: parent.decision.riskTier,
      decisionRoute: "WORKFLOW",
      policyVersionId: this.ctx.policyVersionId,
      policyRuleId: "emergency-break-glass",
      decisionReasons: [{ code: "rule:emergency-break-glass", message: "follow-up review of break-glass access" }],
      workflowId: this.ctx.workflowIds.get("break-glass")!,
      incidentId: parent.incidentId,
      currentStage: 0,
    });
    this.event("review.opened", null, { parentRequestId: req.parentRequestId, incidentId: parent.incidentId, workflow: "break-glass" });
    const reviewer = this.approversFor(def, new Set())[0]!;
    const stage: Row = {
      id: this.ctx.ids.stage.id(spec.slot * 4),
      requestId: this.id,
      position: 0,
      name: def.name,
      selector: def.approvers,
      quorum: 1,
      status: "PENDING",
      slaHours: def.slaHours,
      dueAt: this.t + def.slaHours * HOUR,
      escalationTarget: null,
      remindedAt: null,
      escalatedAt: null,
      infoRequest: null,
      startedAt: this.t,
      completedAt: null,
      createdAt: this.t,
      updatedAt: this.t,
    };
    out.stages.push(stage);
    req.approverPath = [{ position: 0, name: def.name, selector: def.approvers, quorum: 1, slaHours: def.slaHours, approvers: [{ id: this.person(reviewer).id, name: this.person(reviewer).name, email: this.person(reviewer).email }] }];
    const a = this.assign(stage, reviewer);
    this.event("approval.stage_opened", null, { stage: def.name, position: 0, quorum: 1, approvers: [a.approverId] }, ["ApprovalStage", stage.id as string]);
    if (spec.status === "PENDING_APPROVAL") {
      this.mark("pending");
      return this.finish();
    }
    this.gap(30 * MIN, 20 * HOUR);
    const comment = rng.pick(["Use matches the incident timeline.", "Checked the session log; only the mitigation ran.", "Confirmed with the incident commander."]);
    this.decide(stage, a, "APPROVE", comment);
    Object.assign(stage, { status: "APPROVED", completedAt: this.t, updatedAt: this.t });
    this.event("approval.stage_completed", null, { stage: def.name, position: 0, status: "APPROVED", quorum: 1 }, ["ApprovalStage", stage.id as string]);
    this.event("review.confirmed", reviewer, { parentRequestId: req.parentRequestId, comment });
    const parentGrant = parent.times.active !== undefined ? this.ctx.ids.grant.id(parent.slot) : null;
    this.evidence({ id: parentGrant, externalRef: null }, "GRANTED", parent.status === "ACTIVE");
    Object.assign(req, { currentStage: null, decidedAt: this.t, closedAt: this.t });
    this.set("CLOSED");
    this.mark("end");
    this.event("request.closed", null, { reason: "follow-up review confirmed the emergency use; a review grants nothing" });
    return this.finish();
  }
}

function externalRef(spec: TicketSpec, credentialId: string): string {
  const scope = spec.entitlement.scope;
  const compact = credentialId.replace(/-/g, "");
  switch (spec.entitlement.system.connectorType) {
    case "POSTGRES":
      return `${String(scope.database)}/${String(scope.role)}/${spec.subject.name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;
    case "API_KEY":
      return `key_${compact.slice(0, 16)}`;
    case "CERTIFICATE_AUTHORITY":
      return compact;
    case "MANUAL":
      return `task-${compact.slice(0, 6)}`;
    default:
      return `${spec.entitlement.system.key}:${compact.slice(0, 12)}`;
  }
}
