import type { DecisionRoute, RiskTier } from "@/server/db/generated/client";
import { evaluatePolicy } from "./evaluate";
import type { PolicyContext, PolicyDecision, PolicyRequest, PublishedPolicy } from "./types";

export interface SimulationCase {
  ticketId: string;
  number: number;
  request: PolicyRequest;
  context: PolicyContext;
}

export interface DecisionSummary {
  route: DecisionRoute;
  ruleId: string;
  workflowKey: string | null;
  riskTier: RiskTier;
  ttlCapHours: number | null;
  preApprovedPattern: string | null;
  /** Granted at once and reviewed afterwards. */
  breakGlass: boolean;
}

export interface ChangedDecision {
  ticketId: string;
  number: number;
  before: DecisionSummary;
  after: DecisionSummary;
  /** One line per summary field that differs, e.g. "route: AUTO_APPROVE -> WORKFLOW". */
  what: string[];
}

export interface SimulationResult {
  evaluated: number;
  changed: ChangedDecision[];
}

export function summarizeDecision(d: PolicyDecision): DecisionSummary {
  return {
    route: d.route,
    ruleId: d.ruleId,
    workflowKey: d.workflowKey,
    riskTier: d.riskTier,
    ttlCapHours: d.ttlCapHours,
    preApprovedPattern: d.preApprovedPattern,
    breakGlass: d.breakGlass,
  };
}

const show = (v: unknown) => (v === null ? "none" : String(v));

/**
 * Replays each case under the current and the draft policy and lists the decisions that differ.
 * Pure: the caller gathers the facts of the tickets (typically the last 30 days).
 */
export function simulatePolicyChange(cases: SimulationCase[], current: PublishedPolicy, draft: PublishedPolicy): SimulationResult {
  const changed: ChangedDecision[] = [];
  for (const c of cases) {
    const before = summarizeDecision(evaluatePolicy(c.request, c.context, current));
    const after = summarizeDecision(evaluatePolicy(c.request, c.context, draft));
    const what = (Object.keys(before) as (keyof DecisionSummary)[])
      .filter((k) => before[k] !== after[k])
      .map((k) => `${k}: ${show(before[k])} -> ${show(after[k])}`);
    if (what.length > 0) changed.push({ ticketId: c.ticketId, number: c.number, before, after, what });
  }
  return { evaluated: cases.length, changed };
}
