import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { diffPolicies, type PolicyChange } from "@/server/domain/policy/diff";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { simulatePolicyChange, type DecisionSummary as EngineSummary } from "@/server/domain/policy/simulate";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import type { PublishedPolicy } from "@/server/domain/policy/types";
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
  changes: PolicyChange[];
  identical: boolean;
}

export async function diffDraft(db: PrismaClient, actorId: string): Promise<DraftDiff> {
  const [draft, current] = await Promise.all([loadDraftRow(db, actorId), getCurrentPolicy(db)]);
  const validation = validateDocument(draft.document);
  if (!validation.ok) {
    return { currentVersion: current.version, valid: false, errors: validation.errors, change: null, changes: [], identical: false };
  }
  return {
    currentVersion: current.version,
    valid: true,
    errors: [],
    change: summarizeChange(current.document, validation.document),
    changes: diffPolicies(current.document, validation.document),
    identical: contentHashOf(asStoredJson(current.document)) === contentHashOf(asStoredJson(validation.document)),
  };
}

/** The engine's summary, plus the pre-approved pattern a requester sees named in the preview. */
export interface DecisionSummary extends EngineSummary {
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
  /** Which parts of the decision differ: route, ruleId, workflowKey, riskTier, ttlCapHours. */
  differences: (keyof DecisionSummary)[];
  /** One line per difference, e.g. "route: AUTO_APPROVE -> WORKFLOW". */
  what: string[];
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
  const draft = await loadDraftRow(db, actorId);
  const validation = validateDocument(draft.document);
  if (!validation.ok) {
    const first = validation.errors[0]!;
    throw new AppError("BAD_REQUEST", `Fix the draft before simulating it: ${first.path}: ${first.message} [${first.rule}]`, "document");
  }
  return simulateDocument(db, validation.document, days, now);
}

/** The same replay for any valid document (the draft, or a file applied as code). */
export async function simulateDocument(db: PrismaClient, document: PolicyDocument, days = 30, now = new Date()): Promise<DraftSimulation> {
  const current = await getCurrentPolicy(db);
  const candidate: PublishedPolicy = {
    id: "draft",
    version: current.version + 1,
    contentHash: contentHashOf(asStoredJson(document)),
    document,
  };
  const since = new Date(now.getTime() - days * DAY);
  const { cases, skipped } = await loadTicketCases(db, since);
  const byId = new Map(cases.map((c) => [c.requestId, c]));
  const result = simulatePolicyChange(
    cases.map((c) => ({ ticketId: c.requestId, number: c.number, request: c.request, context: c.context })),
    current,
    candidate,
  );
  const changed: ChangedDecision[] = result.changed.map((change) => {
    const ticket = byId.get(change.ticketId)!;
    const before = { ...change.before, preApprovedPattern: evaluatePolicy(ticket.request, ticket.context, current).preApprovedPattern };
    const after = { ...change.after, preApprovedPattern: evaluatePolicy(ticket.request, ticket.context, candidate).preApprovedPattern };
    return {
      requestId: change.ticketId,
      number: change.number,
      reference: formatRequestNumber(change.number),
      status: ticket.status,
      submittedAt: ticket.submittedAt,
      before,
      after,
      differences: (Object.keys(before) as (keyof DecisionSummary)[]).filter((k) => before[k] !== after[k]),
      what: change.what,
    };
  });
  return { currentVersion: current.version, days, since, evaluated: result.evaluated, skipped, changedCount: changed.length, changed };
}
