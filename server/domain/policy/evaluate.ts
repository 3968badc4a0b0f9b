import type { DecisionRoute } from "@/server/db/generated/client";
import { describeCondition, matchesCondition, type ConditionFacts } from "./conditions";
import { requiredEvidenceFor } from "./evidence";
import { assessRisk } from "./risk";
import type { PolicyDocument, PolicyRule } from "./schema";
import { findSodConflicts } from "./sod";
import { isException, ttlFor } from "./ttl";
import type { DecisionReason, PolicyContext, PolicyDecision, PolicyRequest, PublishedPolicy } from "./types";

/**
 * The policy decision for one request: a pure function of the request, what the subject holds
 * and the published document. No clock, no I/O, no randomness, so a stored decision can be
 * replayed from the pinned version and the facts kept with the ticket.
 */
export function evaluatePolicy(request: PolicyRequest, context: PolicyContext, policy: PublishedPolicy): PolicyDecision {
  const doc = policy.document;
  const sodConflicts = findSodConflicts(request, context, doc);
  const sod = sodConflicts.length > 0;
  const risk = assessRisk(request, sod, doc);
  const reasons: DecisionReason[] = [...risk.reasons];
  for (const c of sodConflicts) {
    reasons.push({ code: "SOD_CONFLICT", message: `Toxic combination ${c.ruleId}: ${c.description} The subject already holds ${c.held}.` });
  }

  const patternFacts: ConditionFacts = { request, riskTier: risk.tier, sodConflict: sod, preApprovedPattern: null };
  const pattern = doc.preApprovedPatterns.find((p) => matchesCondition(p.when, patternFacts)) ?? null;
  const facts: ConditionFacts = { ...patternFacts, preApprovedPattern: pattern !== null };

  const { rule, skipped } = decidingRule(doc, facts);
  for (const s of skipped) {
    reasons.push({
      code: "EXCEPTION_NOT_AUTO_APPROVED",
      message: `Rule ${s.id} would auto-approve but does not name ${request.exceptionType ?? "this"} exceptions in exceptionTypes, so it does not apply.`,
    });
  }
  const outcome = routeOf(rule, request, doc);
  const patternDecides = pattern !== null && rule !== null && outcome.route === "AUTO_APPROVE" && rule.when.preApprovedPattern === true;
  if (pattern) {
    reasons.push({
      code: "PRE_APPROVED_PATTERN",
      message: patternDecides
        ? `Pre-approved pattern ${pattern.id}: ${pattern.description}`
        : `Pattern ${pattern.id} matches but did not decide; its cap does not apply.`,
    });
  }
  reasons.push({ code: "RULE", message: outcome.explanation });
  if (outcome.workflowKey) {
    const wf = doc.workflows.find((w) => w.key === outcome.workflowKey);
    const stages = wf ? wf.stages.map((s) => `${s.name} (quorum ${s.quorum}, ${s.slaHours} h)`).join(" -> ") : "unknown workflow";
    reasons.push({ code: "WORKFLOW", message: `Workflow ${outcome.workflowKey}${wf ? ` "${wf.name}"` : ""}: ${stages}.` });
  }

  const ttl = ttlFor(request, risk.tier, patternDecides ? pattern.maxTtlHours : null, doc);
  // A refusal grants nothing, so its reasons end with the rule that refused.
  if (outcome.route !== "REJECT") reasons.push(ttl.reason);
  const requiredEvidence = outcome.route === "REJECT" ? [] : requiredEvidenceFor(request, doc);
  if (requiredEvidence.length > 0) {
    reasons.push({ code: "EVIDENCE", message: `Closure requires: ${requiredEvidence.join(", ")}.` });
  }
  const followUp = request.exceptionType ? (doc.exceptionTypes[request.exceptionType].followUpReviewWithinHours ?? null) : null;
  const breakGlass = isBreakGlass(request, outcome.route, doc);
  if (breakGlass) {
    reasons.push({
      code: "BREAK_GLASS",
      message: `Break-glass: granted at once, before review. Workflow ${outcome.workflowKey} reviews the access afterwards in a follow-up review due within ${followUp} h; a denial removes it.`,
    });
  }

  return {
    route: outcome.route,
    ruleId: outcome.ruleId,
    workflowKey: outcome.workflowKey,
    riskScore: risk.score,
    riskTier: risk.tier,
    ttlCapHours: ttl.capHours,
    expiryRequired: ttl.expiryRequired,
    preApprovedPattern: patternDecides ? pattern.id : null,
    sodConflicts,
    requiredEvidence,
    followUpReviewWithinHours: outcome.route === "REJECT" ? null : followUp,
    breakGlass,
    reasons,
    policy: { id: policy.id, version: policy.version, contentHash: policy.contentHash },
  };
}

/**
 * An exception whose type the policy grants at once, routed to a workflow (a refusal stays a
 * refusal, an auto-approval needs no review): the workflow then reviews it after the grant.
 */
function isBreakGlass(request: PolicyRequest, route: DecisionRoute, doc: PolicyDocument): boolean {
  if (route !== "WORKFLOW" || request.exceptionType === null) return false;
  const def = doc.exceptionTypes[request.exceptionType];
  return def.grantAtOnce && def.followUpReviewWithinHours !== undefined;
}

/**
 * The first rule whose condition holds. An exception is never auto-approved by a rule that does
 * not list its type in `exceptionTypes`, whatever the rest of the rule says: such rules are passed
 * over (and reported) so that a broad auto-approval can never catch an exception by accident.
 */
function decidingRule(doc: PolicyDocument, facts: ConditionFacts): { rule: PolicyRule | null; skipped: PolicyRule[] } {
  const skipped: PolicyRule[] = [];
  const exceptionType = facts.request.exceptionType;
  for (const rule of doc.rules) {
    if (!matchesCondition(rule.when, facts)) continue;
    const explicit = exceptionType !== null && (rule.when.exceptionTypes?.includes(exceptionType) ?? false);
    if (rule.then.route === "AUTO_APPROVE" && isException(facts.request) && !explicit) {
      skipped.push(rule);
      continue;
    }
    return { rule, skipped };
  }
  return { rule: null, skipped };
}

interface RouteOutcome {
  route: DecisionRoute;
  ruleId: string;
  workflowKey: string | null;
  explanation: string;
}

function routeOf(rule: PolicyRule | null, request: PolicyRequest, doc: PolicyDocument): RouteOutcome {
  if (rule) {
    return {
      route: rule.then.route,
      ruleId: rule.id,
      workflowKey: rule.then.route === "WORKFLOW" ? (rule.then.workflow ?? null) : null,
      explanation: `Rule ${rule.id} (${rule.then.route}) matched on ${describeCondition(rule.when)}: ${rule.description}`,
    };
  }
  // Reached only when every matching rule was an auto-approval passed over for an exception
  // (a validated document always ends with a rule that matches everything).
  if (request.exceptionType) {
    const workflow = doc.exceptionTypes[request.exceptionType].workflow;
    return {
      route: "WORKFLOW",
      ruleId: `exceptionTypes.${request.exceptionType}`,
      workflowKey: workflow,
      explanation: `No rule applies; ${request.exceptionType} exceptions go to their own workflow ${workflow}.`,
    };
  }
  return { route: "REJECT", ruleId: "no-rule", workflowKey: null, explanation: "No rule applies, so the request is refused." };
}
