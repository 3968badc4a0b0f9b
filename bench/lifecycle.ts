import type { RequestStatus } from "@/server/db/generated/client";
import type { POLICY_V1_DOCUMENT } from "@/server/db/seed/policy-document";
import { SeedRandom } from "@/server/db/seed/random";
import { COMMENT_LINES, justification } from "@/server/db/seed/texts";
import type { IdSpace } from "./ids";
import type { Organisation } from "./org";
import type { Phase, TicketSpec } from "./plan";
import { runApproval } from "./ticket-approval";
import { runFulfilment } from "./ticket-fulfil";
import { runReview } from "./ticket-review";
import { DAY, HOUR, MIN } from "./time";
import { EXTRA_COMMENTS, PROJECTS, REASONS, TEAMS } from "./words";


export type Row = Record<string, unknown>;

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

export type StageDef = (typeof POLICY_V1_DOCUMENT.workflows)[number]["stages"][number];

/**
 * Plays one ticket forward from `start`, producing its rows and audit events. It draws only from
 * the ticket's own random stream and never looks at the clock, so a pass from 0 measures where
 * its anchor falls and a second pass from the right start places it exactly.
 */
export function runTicket(ctx: LifecycleContext, spec: TicketSpec, start: number): TicketRows {
  return new Ticket(ctx, spec, start).run();
}

export class Ticket {
  readonly rng: SeedRandom;
  readonly out: TicketRows;
  readonly id: string;
  t: number;
  readonly counters = { stage: 0, assignment: 0, decision: 0, evidence: 0, comment: 0 };

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
    if (spec.kind === "REVIEW") return runReview(this);
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
      if (runApproval(this) !== "approved" || spec.status === "APPROVED") return this.finish();
    }
    runFulfilment(this);
    return this.finish();
  }

  finish(): TicketRows {
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
        const body = this.commentText();
        this.comment(author, body, Math.round(from + (to - from) * rng.real(0.1, 0.9)));
      }
    }
    for (const a of this.out.assignments) delete a.approver;
    return this.out;
  }

  /** A remark that names this ticket's own things (system, entitlement, incident) now and then. */
  private commentText(): string {
    const { rng, spec } = this;
    const e = spec.entitlement;
    switch (rng.int(0, 4)) {
      case 0:
        return rng.pick(COMMENT_LINES);
      case 1:
        return `${rng.pick(EXTRA_COMMENTS)} (${rng.pick(PROJECTS)})`;
      case 2: {
        const reason = rng.pick(REASONS);
        return `${e.name} on ${e.system.key}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
      }
      case 3:
        return spec.incidentId ? `Linked to ${spec.incidentId}; ${rng.pick(EXTRA_COMMENTS).toLowerCase()}` : `${rng.pick(COMMENT_LINES)} See ${rng.pick(["ENG", "PLAT", "DATA", "FIN", "SEC", "OPS"])}-${rng.int(1200, 4800)}.`;
      default:
        return `Checked ${spec.subject.displayName}'s existing access on ${e.system.name} before this. ${rng.pick(EXTRA_COMMENTS)}`;
    }
  }

  /** Who decides a stage, never the requester or the subject, nor someone who decided an earlier stage. */
  approversFor(def: StageDef, used: Set<number>): number[] {
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
}
