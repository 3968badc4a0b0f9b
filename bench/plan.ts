import type { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/client";
import { SeedRandom, stream } from "@/server/db/seed/random";
import { decide, ttlFor, type Decision } from "./decide";
import type { Counts, Ent, Ident, Organisation } from "./org";
import { DAY, HOUR } from "./time";

export type { Decision } from "./decide";

const SPAN = 725 * DAY;

export type Phase = "created" | "submitted" | "pending" | "approved" | "fulfilling" | "active" | "revoking" | "end";

/** Everything that decides one ticket; its rows and events follow from this alone. */
export interface TicketSpec {
  slot: number;
  number: number;
  rngSeed: number;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  status: RequestStatus;
  subject: Ident;
  requester: number;
  entitlement: Ent;
  sponsor: number | null;
  parent: TicketSpec | null;
  decision: Decision;
  ttlHours: number | null;
  /** PENDING_APPROVAL: how long the current stage has been open. */
  pendingAgeMs: number;
  /** The stage a ticket stopped in the approval ends at (0-based). */
  stopStage: number;
  fromDraft: boolean;
  incidentId: string | null;
  anchor: { phase: Phase; at: number };
  /** Absolute times of the phases, known once the ticket is placed. */
  times: Partial<Record<Phase, number>>;
  start: number;
  hasReview: boolean;
}

type KindKey = RequestKind | `EXCEPTION:${ExceptionType}`;

const KIND_WEIGHTS: [KindKey, number][] = [
  ["GRANT", 58],
  ["MODIFY", 8],
  ["REVOKE", 10],
  ["ROTATE", 8],
  ["EXCEPTION:EMERGENCY", 3],
  ["EXCEPTION:VENDOR", 3],
  ["EXCEPTION:AUTOMATION", 4],
  ["REVIEW", 3],
];

const STATUS_WEIGHTS: [RequestStatus, number][] = [
  ["CLOSED", 55],
  ["ACTIVE", 11],
  ["DENIED", 7],
  ["CANCELLED", 5],
  ["PENDING_APPROVAL", 4],
  ["EXPIRED_UNDECIDED", 2],
  ["DRAFT", 2],
  ["FAILED", 1.5],
  ["FULFILLING", 0.6],
  ["APPROVED", 0.4],
  ["REVOKING", 0.4],
  ["AUTO_APPROVED", 0.3],
  ["SUBMITTED", 0.2],
];

/** Statuses a kind can be in: removals are never approved by a person, break-glass never waits. */
const ALLOWED: Partial<Record<KindKey, RequestStatus[]>> = {
  REVOKE: ["CLOSED", "FAILED", "FULFILLING", "AUTO_APPROVED", "SUBMITTED", "DRAFT", "CANCELLED"],
  "EXCEPTION:EMERGENCY": ["CLOSED", "ACTIVE", "FAILED", "FULFILLING", "AUTO_APPROVED", "SUBMITTED", "DRAFT", "CANCELLED", "REVOKING"],
  REVIEW: ["PENDING_APPROVAL", "CLOSED"],
};

const ALL_KINDS = KIND_WEIGHTS.map(([k]) => k);
const ALL_STATUSES = STATUS_WEIGHTS.map(([s]) => s);

function allowed(kind: KindKey, status: RequestStatus): boolean {
  const list = ALLOWED[kind];
  return !list || list.includes(status);
}

/** Every kind and every status early in the plan, so even a tiny organisation has them all. */
function coverage(): [KindKey, RequestStatus][] {
  const out: [KindKey, RequestStatus][] = [];
  for (const status of ALL_STATUSES) out.push(["GRANT", status]);
  for (const kind of ALL_KINDS) {
    if (kind === "GRANT" || kind === "REVIEW") continue;
    out.push([kind, "CLOSED"]);
    if (kind !== "REVOKE") out.push([kind, "ACTIVE"]);
  }
  out.push(["EXCEPTION:EMERGENCY", "ACTIVE"], ["REVOKE", "AUTO_APPROVED"]);
  out.push(["REVIEW", "CLOSED"], ["REVIEW", "PENDING_APPROVAL"]);
  return out;
}

/** Age of a finished ticket: more tickets recently than two years ago (the organisation grew). */
function pastAge(rng: SeedRandom): number {
  return HOUR + SPAN * (1 - Math.sqrt(1 - rng.next()));
}

function defaultAnchor(rng: SeedRandom, status: RequestStatus, now: number, ttlHours: number | null, pendingAgeMs: number): { phase: Phase; at: number } {
  switch (status) {
    case "DRAFT":
      return { phase: "created", at: now - rng.real(0.5 * HOUR, 60 * DAY) };
    case "SUBMITTED":
      return { phase: "submitted", at: now - rng.real(200, 900) };
    case "AUTO_APPROVED":
    case "APPROVED":
      return { phase: "approved", at: now - rng.real(2_000, 15_000) };
    case "FULFILLING":
      return { phase: "fulfilling", at: now - rng.real(5 * 60_000, 20 * HOUR) };
    case "REVOKING":
      return { phase: "revoking", at: now - rng.real(5 * 60_000, 20 * HOUR) };
    case "PENDING_APPROVAL":
      return { phase: "pending", at: now - pendingAgeMs };
    case "ACTIVE": {
      const window = ttlHours === null ? SPAN : Math.min(SPAN, ttlHours * HOUR * 0.9);
      return { phase: "active", at: now - Math.min(window, HOUR + rng.real(0, window)) };
    }
    default:
      return { phase: "end", at: now - pastAge(rng) };
  }
}

export interface PlanContext {
  org: Organisation;
  counts: Counts;
  seed: number;
  now: number;
  /** Lays a ticket out from `start` and returns its phase times (relative to nothing: absolute). */
  measure(spec: TicketSpec, start: number): Partial<Record<Phase, number>>;
}

/**
 * Decides every ticket (kind, status, people, entitlement, decision, time) and places it so its
 * anchor phase falls at the anchor time; children (MODIFY, ROTATE, REVOKE, REVIEW) are placed
 * inside their parent's lifetime. Returns the tickets in creation order, numbered.
 */
export function planTickets(ctx: PlanContext): TicketSpec[] {
  const { counts } = ctx;
  const rng = stream("bench-plan", ctx.seed);
  const cover = coverage();
  const slots: { kind: KindKey; status: RequestStatus }[] = [];
  for (let i = 0; i < counts.tickets; i++) {
    if (i < cover.length) {
      const [kind, status] = cover[i]!;
      slots.push({ kind, status });
      continue;
    }
    const kind = rng.weighted(KIND_WEIGHTS);
    let status = rng.weighted(STATUS_WEIGHTS);
    while (!allowed(kind, status)) status = rng.weighted(STATUS_WEIGHTS);
    slots.push({ kind, status });
  }
  const specs: TicketSpec[] = new Array(slots.length);
  const withGrant: TicketSpec[] = [];
  const withCredential: TicketSpec[] = [];
  const emergencies: TicketSpec[] = [];
  const order = (k: KindKey) => (k === "REVIEW" ? 2 : k === "MODIFY" || k === "ROTATE" || k === "REVOKE" ? 1 : 0);
  const sequence = slots.map((s, i) => i).sort((a, b) => order(slots[a]!.kind) - order(slots[b]!.kind) || a - b);
  for (const slot of sequence) {
    let { kind, status } = slots[slot]!;
    const r = new SeedRandom((ctx.seed * 1_000_003 + slot * 7_919) >>> 0);
    let spec: TicketSpec | null = null;
    if (kind === "REVIEW") spec = planReview(ctx, r, slot, emergencies);
    else if (kind === "MODIFY" || kind === "ROTATE" || kind === "REVOKE") spec = planChild(ctx, r, slot, kind, status, kind === "ROTATE" ? withCredential : withGrant);
    if (!spec) {
      // Access held from before the portal can still be modified, rotated or removed: no parent then.
      if (kind === "REVIEW") kind = "GRANT";
      spec = planOne(ctx, r, slot, kind, status, null);
    }
    specs[slot] = spec;
    const holdsAccess = spec.times.active !== undefined && (spec.kind === "GRANT" || spec.kind === "EXCEPTION" || spec.kind === "MODIFY");
    if (holdsAccess && spec.exceptionType !== "EMERGENCY") withGrant.push(spec);
    if (holdsAccess && ["API_KEY", "CERTIFICATE_AUTHORITY"].includes(spec.entitlement.system.connectorType)) withCredential.push(spec);
    if (spec.exceptionType === "EMERGENCY" && spec.times.approved !== undefined) emergencies.push(spec);
  }
  const sorted = specs.sort((a, b) => a.start - b.start || a.slot - b.slot);
  sorted.forEach((s, i) => (s.number = i + 1));
  return sorted;
}

function pickSubject(ctx: PlanContext, r: SeedRandom, kind: KindKey): { subject: Ident; entitlement: Ent; requester: number } {
  const { org } = ctx;
  const nhi = kind === "EXCEPTION:AUTOMATION" || kind === "ROTATE" || (kind !== "EXCEPTION:VENDOR" && kind !== "EXCEPTION:EMERGENCY" && r.chance(0.3));
  if (nhi) {
    const subject = r.pick(org.nhis);
    const pool = kind === "ROTATE" ? org.forNhis.filter((e) => e.system.connectorType === "API_KEY" || e.system.connectorType === "CERTIFICATE_AUTHORITY") : org.forNhis;
    const entitlement = r.pick(pool);
    const requester = subject.backup !== null && r.chance(0.2) ? subject.backup : subject.owner!;
    return { subject, entitlement, requester };
  }
  const subject = r.pick(org.humanIdentity);
  const person = org.people[subject.person!]!;
  // A manager files for a report now and then; usually people ask for themselves.
  const requester = person.manager !== null && r.chance(0.2) ? person.manager : person.index;
  return { subject, entitlement: r.pick(org.forHumans), requester };
}

function planOne(ctx: PlanContext, r: SeedRandom, slot: number, kind: KindKey, status: RequestStatus, parent: TicketSpec | null, anchor?: { phase: Phase; at: number }): TicketSpec {
  const { org, now } = ctx;
  const picked = parent ? { subject: parent.subject, entitlement: parent.entitlement, requester: parent.requester } : pickSubject(ctx, r, kind);
  const [baseKind, exceptionType] = kind.startsWith("EXCEPTION:") ? (["EXCEPTION", kind.slice(10) as ExceptionType] as const) : ([kind as RequestKind, null] as const);
  const requesterIsOwner = picked.subject.owner === picked.requester;
  const decision = decide(r, baseKind, exceptionType, picked.entitlement, picked.subject, requesterIsOwner, status);
  // Approved and waiting for fulfilment: by a person on a workflow, or by the policy itself.
  const automatic = decision.route === "AUTO_APPROVE" || decision.breakGlass;
  if (status === "AUTO_APPROVED" && !automatic) status = "APPROVED";
  else if (status === "APPROVED" && automatic) status = "AUTO_APPROVED";
  const ttlHours = baseKind === "REVOKE" || baseKind === "REVIEW" ? null : ttlFor(r, picked.entitlement, picked.subject, exceptionType, decision.riskTier);
  let sponsor: number | null = null;
  if (exceptionType === "VENDOR") {
    sponsor = r.pick(org.approvers);
    if (sponsor === picked.requester) sponsor = org.approvers[(org.approvers.indexOf(sponsor) + 1) % org.approvers.length]!;
  }
  const pendingAgeMs = r.real(10 * 60_000, 6 * DAY);
  const spec: TicketSpec = {
    slot,
    number: 0,
    rngSeed: r.int(1, 2 ** 31),
    kind: baseKind,
    exceptionType,
    status,
    subject: picked.subject,
    requester: picked.requester,
    entitlement: picked.entitlement,
    sponsor,
    parent,
    decision,
    ttlHours,
    pendingAgeMs,
    stopStage: 0,
    fromDraft: status === "CANCELLED" && r.chance(0.3),
    incidentId: exceptionType === "EMERGENCY" ? `INC-${r.int(10_000, 99_999)}` : r.chance(0.05) ? `INC-${r.int(10_000, 99_999)}` : null,
    anchor: anchor ?? defaultAnchor(r, status, now, ttlHours, pendingAgeMs),
    times: {},
    start: 0,
    hasReview: false,
  };
  if (decision.route === "REJECT" || decision.route === "AUTO_APPROVE" || decision.breakGlass) {
    if (status === "CANCELLED") spec.fromDraft = true;
  }
  const stages = decision.workflowKey ? stageCount(decision.workflowKey) : 1;
  spec.stopStage = status === "PENDING_APPROVAL" || status === "DENIED" || status === "CANCELLED" || status === "EXPIRED_UNDECIDED" ? r.int(0, stages - 1) : 0;
  place(ctx, spec);
  return spec;
}

const STAGES: Record<string, number> = {
  "manager-approval": 1,
  "manager-and-owner": 2,
  "security-review": 2,
  "nhi-owner-and-resource-owner": 2,
  "break-glass": 1,
  "vendor-sponsor": 2,
  "automation-onboarding": 2,
};

function stageCount(workflowKey: string): number {
  return STAGES[workflowKey] ?? 1;
}

/** Two passes, as the demo seed does: measure where the anchor falls from start 0, then shift. */
function place(ctx: PlanContext, spec: TicketSpec): void {
  const probe = ctx.measure(spec, 0);
  const at = probe[spec.anchor.phase];
  if (at === undefined) throw new Error(`bench: ticket ${spec.kind} ${spec.status} never reaches ${spec.anchor.phase}`);
  spec.start = Math.round(spec.anchor.at - at);
  // Long-held access that ended long ago would start before the organisation's history does.
  const earliest = ctx.now - SPAN - 5 * DAY;
  if (spec.start < earliest && spec.anchor.phase === "end") {
    spec.anchor.at += earliest - spec.start;
    spec.start = earliest;
  }
  for (const [phase, t] of Object.entries(probe)) spec.times[phase as Phase] = t + spec.start;
}

function lastTime(spec: TicketSpec): number {
  return Math.max(...Object.values(spec.times));
}

function planChild(ctx: PlanContext, r: SeedRandom, slot: number, kind: "MODIFY" | "ROTATE" | "REVOKE", status: RequestStatus, candidates: TicketSpec[]): TicketSpec | null {
  if (candidates.length === 0) return null;
  for (let attempt = 0; attempt < 8; attempt++) {
    const parent = r.pick(candidates);
    const ended = parent.times.revoking;
    let anchor: { phase: Phase; at: number } | undefined;
    if (kind === "REVOKE" && (status === "CLOSED" || status === "FAILED" || status === "FULFILLING")) {
      if (ended === undefined || (status === "FULFILLING") !== (parent.status === "REVOKING")) continue;
      anchor = { phase: "fulfilling", at: ended };
    } else if (kind === "REVOKE" && parent.status !== "ACTIVE") {
      continue;
    }
    const spec = planOne(ctx, r, slot, kind, status, parent, anchor);
    const from = parent.times.active!;
    const until = kind === "REVOKE" && anchor ? Infinity : (ended ?? ctx.now);
    if (spec.start > from && spec.start < until && lastTime(spec) <= ctx.now) return spec;
  }
  return null;
}

function planReview(ctx: PlanContext, r: SeedRandom, slot: number, emergencies: TicketSpec[]): TicketSpec | null {
  for (let attempt = 0; attempt < 8 && emergencies.length > 0; attempt++) {
    const parent = emergencies[r.int(0, emergencies.length - 1)]!;
    if (parent.hasReview) continue;
    const openedAt = parent.times.approved! + 1_000;
    const status: RequestStatus = openedAt > ctx.now - 24 * HOUR ? "PENDING_APPROVAL" : "CLOSED";
    const spec = planOne(ctx, r, slot, "REVIEW", status, parent, { phase: "created", at: openedAt });
    spec.requester = parent.requester;
    if (lastTime(spec) > ctx.now) continue;
    parent.hasReview = true;
    return spec;
  }
  return null;
}
