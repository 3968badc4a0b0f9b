import type { Phase } from "./model";
import type { Pick, TicketSpec } from "./plan-pick";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";
import { addMs, type SeedRandom } from "./random";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface Placement {
  ttlHours: number | null;
  anchor: { phase: Phase; at: Date };
  activeForMs: number;
  pendingAgeMs: number;
  vendorLeadMs: number;
}

const DURATIONS = [1, 2, 4, 8, 24, 72, 168, 336, 720, 1440, 2160];

/** A requested duration within the cap; people tend to ask for the most they may have. */
export function chooseTtl(rng: SeedRandom, cap: number | null): number | null {
  if (cap === null) return rng.chance(0.6) ? null : rng.pick([720, 2160]);
  const options = DURATIONS.filter((d) => d <= cap);
  if (options.length === 0) return cap;
  return rng.pick(options.slice(-3));
}

function stageSlaHours(workflowKey: string | null, position: number): number {
  const wf = POLICY.workflows.find((w) => w.key === workflowKey);
  return wf?.stages[position]?.slaHours ?? 24;
}

/**
 * Where on the calendar the ticket sits: the time of one lifecycle point (its anchor), chosen
 * so that everything a status implies holds relative to `now` (active access has not expired,
 * closed access was removed in the past, a pending stage has been open for a plausible while).
 */
export function place(rng: SeedRandom, now: Date, spec: TicketSpec, pick: Pick, stopStage: number): Placement {
  // A revocation removes access; it has no duration of its own.
  const ttlHours = spec.kind === "REVOKE" ? null : chooseTtl(rng, pick.decision.ttlCapHours);
  const ttlMs = ttlHours === null ? null : ttlHours * HOUR;
  const ago = (min: number, max: number): Date => addMs(now, -rng.real(min, max));
  const out: Placement = { ttlHours, anchor: { phase: "created", at: now }, activeForMs: 0, pendingAgeMs: 0, vendorLeadMs: 0 };
  const connector = pick.entitlement.system.connectorType;
  switch (spec.status) {
    case "DRAFT":
      out.anchor = { phase: "created", at: ago(30 * MIN, 10 * DAY) };
      break;
    case "SUBMITTED":
      out.anchor = { phase: "submitted", at: ago(5000, 60_000) };
      break;
    case "PENDING_APPROVAL": {
      const sla = stageSlaHours(pick.decision.workflowKey, stopStage) * HOUR;
      out.pendingAgeMs = spec.overdue ? rng.real(sla * 1.1, Math.max(sla * 1.2, Math.min(sla * 2, 96 * HOUR))) : rng.real(Math.min(10 * MIN, sla / 10), sla * 0.85);
      out.anchor = { phase: "pending", at: addMs(now, -out.pendingAgeMs) };
      break;
    }
    case "AUTO_APPROVED":
      out.anchor = { phase: "approved", at: ago(10_000, 90_000) };
      break;
    case "APPROVED":
      if (spec.exceptionType === "VENDOR") {
        // The window opens after now: approval takes at most ~12 h of the lead.
        out.vendorLeadMs = rng.real(20 * HOUR, 3 * DAY);
        out.anchor = { phase: "approved", at: ago(10 * MIN, 6 * HOUR) };
      } else {
        out.anchor = { phase: "approved", at: ago(MIN, 8 * MIN) };
      }
      break;
    case "FULFILLING": {
      const [min, max] = connector === "MANUAL" ? [HOUR, 20 * HOUR] : connector === "WEBHOOK" ? [3 * MIN, 25 * MIN] : [5000, 40_000];
      out.anchor = { phase: "fulfilling", at: ago(min, max) };
      break;
    }
    case "ACTIVE": {
      if (ttlMs === null) {
        out.anchor = { phase: "active", at: ago(DAY, 80 * DAY) };
        break;
      }
      const remaining = spec.expiringSoon
        ? rng.real(Math.min(ttlMs * 0.5, 6 * HOUR), Math.min(ttlMs - 10 * MIN, 7 * DAY - HOUR))
        : rng.real(ttlMs * 0.1, ttlMs * 0.95);
      out.anchor = { phase: "active", at: addMs(now, -Math.min(ttlMs - remaining, 80 * DAY)) };
      break;
    }
    case "REVOKING":
      out.activeForMs = ttlMs === null ? rng.real(10 * DAY, 60 * DAY) : Math.min(ttlMs, 60 * DAY);
      out.anchor = { phase: "revoking", at: ago(10 * MIN, 20 * HOUR) };
      break;
    case "CLOSED": {
      if (spec.kind === "REVOKE") {
        out.anchor = { phase: "end", at: ago(DAY, 50 * DAY) };
        break;
      }
      const cap = Math.min(ttlMs ?? 45 * DAY, 45 * DAY);
      out.activeForMs = ttlMs !== null && rng.chance(0.75) ? cap : rng.real(0.3, 0.9) * cap;
      out.anchor = { phase: "active", at: ago(out.activeForMs + DAY, 86 * DAY) };
      break;
    }
    case "EXPIRED_UNDECIDED":
      out.anchor = { phase: "end", at: ago(DAY, 80 * DAY) };
      break;
    default:
      out.anchor = { phase: "end", at: ago(spec.status === "FAILED" ? 2 * HOUR : DAY, 85 * DAY) };
  }
  if (spec.exceptionType === "VENDOR" && spec.status !== "APPROVED") out.vendorLeadMs = rng.real(2 * HOUR, 2 * DAY);
  return out;
}
