import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import type { PolicyDecision, PublishedPolicy } from "@/server/domain/policy/types";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { loadDraftRow } from "./draft";
import { contentHashOf, asStoredJson, summarizeChange, validateDocument, type PolicyChangeSummary, type PolicyValidationError } from "./engine";
import { loadTicketCases } from "./ticket-facts";

const DAY = 86_400_000;

export interface DraftDiff {
  currentVersion: number;
  valid: boolean;
  errors: PolicyValidationError[];
  /** Null while the draft does not validate: a diff of a half-formed document misleads. */
  change: PolicyChangeSummary | null;
  identical: boolean;
}

export async function diffDraft(db: PrismaClient, actorId: string): Promise<DraftDiff> {
  const [draft, current] = await Promise.all([loadDraftRow(db, actorId), getCurrentPolicy(db)]);
  const validation = validateDocument(draft.document);
  if (!validation.ok) {
    return { currentVersion: current.version, valid: false, errors: validation.errors, change: null, identical: false };
  }
  const change = summarizeChange(current.document, validation.document);
  return {
    currentVersion: current.version,
    valid: true,
    errors: [],
    change,
    identical: change.sections.length === 0,
  };
}

/** The part of a decision a requester would notice changing. */
export interface DecisionSummary {
  route: PolicyDecision["route"];
  workflowKey: string | null;
  ruleId: string;
  riskTier: PolicyDecision["riskTier"];
  ttlCapHours: number | null;
  preApprovedPattern: string | null;
}

export interface ChangedDecision {
  requestId: string;
  number: number;
  /** "REQ-000123", as people quote it. */
  reference: string;
  status: string;
  submittedAt: Date;
  before: DecisionSummary;
  after: DecisionSummary;
  /** Which parts of the decision differ: route, workflowKey, ruleId, riskTier, ttlCapHours, preApprovedPattern. */
  differences: (keyof DecisionSummary)[];
}

export interface DraftSimulation {
  currentVersion: number;
  days: number;
  since: Date;
  evaluated: number;
  /** Tickets with no entitlement (nothing for the engine to judge). */
  skipped: number;
  changedCount: number;
  changed: ChangedDecision[];
}

/**
 * Replays every ticket submitted in the last `days` under the current version and under the
 * draft, and lists those whose decision would differ: "this draft changes N decisions".
 */
export async function simulateDraft(db: PrismaClient, actorId: string, days = 30, now = new Date()): Promise<DraftSimulation> {
  const [draft, current] = await Promise.all([loadDraftRow(db, actorId), getCurrentPolicy(db)]);
  const validation = validateDocument(draft.document);
  if (!validation.ok) {
    const first = validation.errors[0]!;
    throw new AppError("BAD_REQUEST", `Fix the draft before simulating it: ${first.path}: ${first.message} [${first.rule}]`, "document");
  }
  const candidate: PublishedPolicy = {
    id: "draft",
    version: current.version + 1,
    contentHash: contentHashOf(asStoredJson(validation.document)),
    document: validation.document,
  };
  const since = new Date(now.getTime() - days * DAY);
  const { cases, skipped } = await loadTicketCases(db, since);
  const changed: ChangedDecision[] = [];
  for (const c of cases) {
    const before = summarize(evaluatePolicy(c.request, c.context, current));
    const after = summarize(evaluatePolicy(c.request, c.context, candidate));
    const differences = (Object.keys(before) as (keyof DecisionSummary)[]).filter((key) => before[key] !== after[key]);
    if (differences.length === 0) continue;
    changed.push({
      requestId: c.requestId,
      number: c.number,
      reference: formatRequestNumber(c.number),
      status: c.status,
      submittedAt: c.submittedAt,
      before,
      after,
      differences,
    });
  }
  return { currentVersion: current.version, days, since, evaluated: cases.length, skipped, changedCount: changed.length, changed };
}

function summarize(d: PolicyDecision): DecisionSummary {
  return {
    route: d.route,
    workflowKey: d.workflowKey,
    ruleId: d.ruleId,
    riskTier: d.riskTier,
    ttlCapHours: d.ttlCapHours,
    preApprovedPattern: d.preApprovedPattern,
  };
}
