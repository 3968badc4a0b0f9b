import type { RequestStatus } from "@/server/db/generated/client";
import type { TicketPlan } from "./model";
import type { Org } from "./org";
import { place } from "./plan-anchor";
import { Holdings, Picker, type Pick, type TicketSpec } from "./plan-pick";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";
import { addMs, stream, type SeedRandom } from "./random";
import { APPENDED, SLOTS, TARGETED } from "./scenarios";
import { justification, type TextVars } from "./texts";

const DAY = 86_400_000;

/** Every ticket to seed; a REVOKE or ROTATE plan's parent is listed right before it. */
export function planTickets(org: Org): TicketPlan[] {
  const rng = stream("tickets");
  const picker = new Picker(org, rng, new Holdings());
  const remaining = new Map(SLOTS.map(([kind, exc, status, n]) => [`${kind}|${exc}|${status}`, n]));
  const specs: TicketSpec[] = [...TARGETED];
  for (const spec of TARGETED) {
    const key = `${spec.kind}|${spec.exceptionType ?? null}|${spec.status}`;
    remaining.set(key, (remaining.get(key) ?? 0) - 1);
  }
  for (const [kind, exc, status] of SLOTS) {
    const n = remaining.get(`${kind}|${exc}|${status}`) ?? 0;
    for (let i = 0; i < n; i++) {
      specs.push({
        kind,
        exceptionType: exc,
        status,
        expiringSoon: status === "ACTIVE" && rng.chance(0.3),
        overdue: status === "PENDING_APPROVAL" && rng.chance(0.25),
        // Revocations are never held for approval, so one can only be cancelled as a draft.
        variant: { fromDraft: status === "CANCELLED" && (kind === "REVOKE" || rng.chance(0.3)) },
      });
    }
  }
  const plans: TicketPlan[] = [];
  for (const spec of specs) {
    const child = makePlan(org, rng, spec, picker.pick(spec), null);
    if (spec.kind === "REVOKE" || spec.kind === "ROTATE") {
      const parentStatus = parentStatusFor(spec);
      const parentSpec: TicketSpec = { kind: "GRANT", status: parentStatus, requester: child.requester.email, subject: child.subject.name, entitlement: child.entitlement.ref };
      const parent = makePlan(org, rng, parentSpec, picker.pick(parentSpec), null);
      child.parent = parent;
      keepRecent(org.now, rng, child, parentStatus);
      plans.push(parent);
    }
    plans.push(child);
  }
  return plans;
}

/** The APPENDED tickets, from a stream of their own so that they change nothing else. */
export function planAppendedTickets(org: Org): TicketPlan[] {
  const rng = stream("tickets-appended");
  const picker = new Picker(org, rng, new Holdings());
  return APPENDED.map((spec) => makePlan(org, rng, spec, picker.pick(spec), null));
}

function parentStatusFor(spec: TicketSpec): RequestStatus {
  if (spec.kind === "REVOKE") return spec.status === "CLOSED" ? "CLOSED" : spec.status === "FULFILLING" ? "REVOKING" : "ACTIVE";
  return spec.status === "ACTIVE" || spec.status === "CLOSED" ? "CLOSED" : "ACTIVE";
}

/** The parent's access has to fit before the child, inside the 90-day window. */
function keepRecent(now: Date, rng: SeedRandom, child: TicketPlan, parentStatus: RequestStatus): void {
  const limit = parentStatus === "ACTIVE" ? 10 * DAY : 50 * DAY;
  if (child.anchor.at.getTime() < now.getTime() - limit) {
    // A closed child anchored at activation still needs room for its access to run out.
    const floor = child.status === "CLOSED" && child.anchor.phase === "active" ? child.activeForMs + DAY : DAY;
    child.anchor = { ...child.anchor, at: addMs(now, -rng.real(floor, Math.max(floor, limit))) };
  }
}

function stageCount(workflowKey: string | null): number {
  return POLICY.workflows.find((w) => w.key === workflowKey)?.stages.length ?? 1;
}

function makePlan(org: Org, rng: SeedRandom, spec: TicketSpec, pick: Pick, parent: TicketPlan | null): TicketPlan {
  const stopStage = spec.stopStage ?? rng.int(0, stageCount(pick.decision.workflowKey) - 1);
  const placement = place(rng, org.now, spec, pick, stopStage);
  const incidentId = spec.exceptionType === "EMERGENCY" ? `INC-${rng.int(2400, 2999)}` : null;
  return {
    ids: { request: rng.uuid(), grant: rng.uuid(), credential: rng.uuid() },
    seed: rng.int(1, 2_147_483_646),
    kind: spec.kind,
    exceptionType: spec.exceptionType ?? null,
    status: spec.status,
    requester: pick.requester,
    subject: pick.subject,
    entitlement: pick.entitlement,
    sponsor: pick.sponsor,
    decision: pick.decision,
    ttlHours: placement.ttlHours,
    activeForMs: placement.activeForMs,
    anchor: placement.anchor,
    stopStage,
    pendingAgeMs: placement.pendingAgeMs,
    vendorLeadMs: placement.vendorLeadMs,
    variant: spec.variant ?? {},
    parent,
    forcedEnd: null,
    incidentId,
    justification: justification(rng, textKey(spec, pick), textVars(org, pick, incidentId)),
  };
}

function textKey(spec: TicketSpec, pick: Pick): string {
  if (spec.exceptionType) return spec.exceptionType;
  if (spec.kind === "REVOKE") return "revoke";
  if (spec.kind === "ROTATE") return "rotate";
  if (spec.kind === "MODIFY") return "modify";
  if (pick.subject.kind === "NHI") return "nhi";
  if (pick.subject.person?.id !== pick.requester.id) return "teammate";
  return pick.entitlement.privileged || pick.entitlement.riskTier === "CRITICAL" ? "privileged" : "self";
}

function textVars(org: Org, pick: Pick, incidentId: string | null): TextVars {
  const { subject, entitlement, requester } = pick;
  const nameOf = (email: string | null): string => (email ? org.person(email).name : "none");
  return {
    ent: entitlement.name.toLowerCase(),
    sys: entitlement.system.name,
    subject: subject.displayName,
    requester: requester.name,
    team: (subject.person ?? requester).department.toLowerCase(),
    nhi: subject.name,
    workload: subject.nhi?.workload ?? entitlement.system.name,
    owner: nameOf(subject.ownerEmail),
    backup: nameOf(subject.backupEmail),
    deps: subject.nhi?.dependencies.join(", ") ?? entitlement.system.key,
    period: subject.nhi?.rotationPeriodDays ?? 90,
    incident: incidentId ?? "the incident",
    sponsor: pick.sponsor?.name ?? requester.name,
  };
}
