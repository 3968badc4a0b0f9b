import type { ActorType, Prisma, RequestStatus } from "@/server/db/generated/client";
import type { Org } from "./org";
import { emptyRows, type Phase, type Rows, type TicketPlan, type Times } from "./model";
import type { PersonSeed } from "./people";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";
import { addMs, SeedRandom } from "./random";
import { runApproval } from "./walk-approval";
import { runFulfilment } from "./walk-fulfil";

/**
 * Plays one ticket's lifecycle forward from `start`, writing the rows and audit events of every
 * transition up to the ticket's status. It draws only from the ticket's own random stream and
 * never branches on absolute time, so a first pass from an arbitrary start measures where the
 * anchor phase falls and a second pass places it exactly (see layoutTicket).
 */
export class Walk {
  readonly rng: SeedRandom;
  readonly rows: Rows = emptyRows();
  readonly times: Times = {};
  readonly request: Prisma.AccessRequestCreateManyInput;
  t: Date;

  constructor(
    readonly org: Org,
    readonly plan: TicketPlan,
    start: Date,
  ) {
    this.rng = new SeedRandom(plan.seed);
    this.t = start;
    const e = plan.entitlement;
    this.request = {
      id: plan.ids.request,
      kind: plan.kind,
      exceptionType: plan.exceptionType,
      status: "DRAFT",
      requesterId: plan.requester.id,
      subjectId: plan.subject.id,
      systemId: e.system.id,
      entitlementId: e.id,
      scope: this.scope(),
      justification: plan.justification,
      incidentId: plan.incidentId,
      sponsorId: plan.sponsor?.id ?? null,
      parentRequestId: plan.parent?.ids.request ?? null,
      createdAt: start,
      updatedAt: start,
    };
  }

  get id(): string {
    return this.plan.ids.request;
  }

  private scope(): Prisma.InputJsonObject {
    const { plan } = this;
    const e = plan.entitlement;
    const base = { system: e.system.key, entitlement: e.key, identity: plan.subject.name, ...e.scope };
    if (plan.kind === "REVOKE") return { ...base, action: "revoke", grantId: plan.parent?.ids.grant ?? null };
    if (plan.kind === "ROTATE") return { ...base, action: "rotate", previousCredentialId: plan.parent?.ids.credential ?? null };
    if (plan.kind === "MODIFY") {
      return { ...base, action: "modify", change: plan.ttlHours === null ? { type: "scope" } : { type: "duration", requestedHours: plan.ttlHours } };
    }
    return base;
  }

  gap(minMs: number, maxMs: number): Date {
    this.t = addMs(this.t, this.rng.real(minMs, maxMs));
    return this.t;
  }

  mark(phase: Phase): void {
    this.times[phase] = this.t;
  }

  setStatus(status: RequestStatus): void {
    this.request.status = status;
    this.request.updatedAt = this.t;
  }

  event(action: string, actor: PersonSeed | null, data: Record<string, unknown> = {}, entity?: [string, string], at: Date = this.t): void {
    const actorType: ActorType = actor ? "USER" : "SYSTEM";
    this.rows.events.push({
      at,
      actorType,
      actorId: actor?.id ?? null,
      action,
      entityType: entity?.[0] ?? "AccessRequest",
      entityId: entity?.[1] ?? this.id,
      requestId: this.id,
      data: { at: at.toISOString(), ...data },
    });
  }

  notify(user: PersonSeed, kind: string, title: string, body: string, at: Date = this.t, unread = false): void {
    const read = !unread && at.getTime() < this.org.now.getTime() - 2 * 86_400_000;
    this.rows.notifications.push({
      id: this.rng.uuid(),
      userId: user.id,
      requestId: this.id,
      kind,
      title,
      body,
      readAt: read ? addMs(at, 3_600_000) : null,
      emailedAt: addMs(at, 60_000),
      createdAt: at,
      updatedAt: at,
    });
  }

  comment(author: PersonSeed, body: string, at: Date = this.t): void {
    const id = this.rng.uuid();
    this.rows.comments.push({ id, requestId: this.id, authorId: author.id, body, createdAt: at, updatedAt: at });
    this.event("comment.added", author, { commentId: id, length: body.length }, ["Comment", id], at);
  }

  /** One-line description used in notifications. */
  what(): string {
    const e = this.plan.entitlement;
    return `${e.name} on ${e.system.name} for ${this.plan.subject.displayName}`;
  }
}

const MIN = 60_000;
const HOUR = 60 * MIN;

function approvalSlaHours(plan: TicketPlan): number {
  // Break-glass access is granted before any approval.
  if (plan.decision.breakGlass) return 0;
  const wf = POLICY.workflows.find((x) => x.key === plan.decision.workflowKey);
  return wf ? wf.stages.reduce((sum, s) => sum + s.slaHours, 0) : 0;
}

function run(w: Walk): void {
  const { plan } = w;
  w.mark("created");
  w.event("request.created", plan.requester, { kind: plan.kind, exceptionType: plan.exceptionType, status: "DRAFT" });
  if (plan.status === "DRAFT") return;
  if (plan.variant.fromDraft) {
    w.gap(HOUR, 3 * 24 * HOUR);
    w.setStatus("CANCELLED");
    w.request.closedAt = w.t;
    w.event("request.cancelled", plan.requester, { from: "DRAFT", reason: "No longer needed" });
    w.mark("end");
    return;
  }
  w.gap(2 * MIN, 90 * MIN);
  w.request.submittedAt = w.t;
  // The requested end date leaves room for the approvals the workflow is expected to take.
  if (plan.ttlHours !== null) w.request.expiresAt = addMs(w.t, (plan.ttlHours + approvalSlaHours(plan)) * HOUR);
  if (plan.exceptionType === "VENDOR") {
    w.request.vendorWindowStart = addMs(w.t, plan.vendorLeadMs);
    w.request.vendorWindowEnd = addMs(w.t, plan.vendorLeadMs + (plan.ttlHours ?? 8) * HOUR);
    w.request.expiresAt = w.request.vendorWindowEnd;
  }
  w.setStatus("SUBMITTED");
  w.mark("submitted");
  w.event("request.submitted", plan.requester, { scope: w.request.scope, justification: plan.justification });
  if (plan.status === "SUBMITTED") return;

  w.gap(1000, 4000);
  const d = plan.decision;
  Object.assign(w.request, {
    riskScore: d.riskScore,
    riskTier: d.riskTier,
    decisionRoute: d.route,
    policyVersionId: w.org.policyVersionId,
    policyRuleId: d.ruleId,
    decisionReasons: d.reasons,
    workflowId: d.workflowKey ? w.org.workflowIds.get(d.workflowKey)! : null,
  });
  w.mark("decided");
  w.event("policy.decided", null, { policyVersion: 1, route: d.route, ruleId: d.ruleId, riskScore: d.riskScore, riskTier: d.riskTier, workflow: d.workflowKey, ttlCapHours: d.ttlCapHours });

  if (d.route === "REJECT") {
    w.setStatus("DENIED");
    w.request.decidedAt = w.t;
    w.request.closedAt = w.t;
    w.event("request.denied", null, { by: "policy", ruleId: d.ruleId });
    w.notify(plan.requester, "request.denied", "Request refused by policy", `${w.what()} would complete a toxic combination of entitlements.`);
    w.mark("end");
    return;
  }
  if (d.breakGlass) {
    // Granted at once; the break-glass workflow reviews it afterwards on a REVIEW ticket (walk-review.ts).
    const withinHours = POLICY.exceptionTypes.EMERGENCY.followUpReviewWithinHours;
    Object.assign(w.request, { decisionRoute: "AUTO_APPROVE", workflowId: null, followUpDueAt: addMs(w.request.submittedAt as Date, withinHours * HOUR) });
    w.setStatus("AUTO_APPROVED");
    w.request.decidedAt = w.t;
    w.event("request.auto_approved", null, { ruleId: d.ruleId, breakGlass: true, reason: "break-glass: granted before review", followUpDueAt: w.request.followUpDueAt });
    w.mark("approved");
    if (plan.status === "AUTO_APPROVED") return;
  } else if (d.route === "AUTO_APPROVE") {
    w.setStatus("AUTO_APPROVED");
    w.request.decidedAt = w.t;
    w.event("request.auto_approved", null, { ruleId: d.ruleId, preApprovedPattern: d.preApprovedPattern });
    w.mark("approved");
    if (plan.status === "AUTO_APPROVED") return;
  } else {
    const outcome = runApproval(w);
    if (outcome !== "approved") return;
    if (plan.status === "APPROVED") return;
  }
  runFulfilment(w);
}

/** Lays the ticket out so that its anchor phase falls exactly at plan.anchor.at. */
export function layoutTicket(org: Org, plan: TicketPlan): Walk {
  const probeStart = new Date(0);
  const probe = new Walk(org, plan, probeStart);
  run(probe);
  const at = probe.times[plan.anchor.phase];
  if (!at) throw new Error(`seed: ticket never reaches its anchor ${plan.anchor.phase} (${plan.kind} ${plan.status})`);
  const walk = new Walk(org, plan, new Date(plan.anchor.at.getTime() - (at.getTime() - probeStart.getTime())));
  run(walk);
  if (walk.request.status !== plan.status) {
    throw new Error(`seed: ticket ended in ${walk.request.status}, planned ${plan.status}`);
  }
  return walk;
}
