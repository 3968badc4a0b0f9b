import type { RiskTier } from "@/server/db/generated/client";
import { matchesCondition } from "./conditions";
import type { PolicyDocument } from "./schema";
import type { DecisionReason, PolicyRequest } from "./types";

export interface RiskAssessment {
  score: number;
  tier: RiskTier;
  reasons: DecisionReason[];
}

/**
 * Base score by the entitlement's tier plus every modifier whose condition holds, clamped to
 * 0..100, then the first tier whose maxScore the score does not exceed. Modifiers see neither the
 * tier nor the pattern, which do not exist yet.
 */
export function assessRisk(request: PolicyRequest, sodConflict: boolean, doc: PolicyDocument): RiskAssessment {
  const scoring = doc.riskScoring;
  const base = scoring.baseByEntitlementTier[request.entitlement.riskTier];
  const reasons: DecisionReason[] = [
    { code: "RISK_BASE", message: `Base ${base}: ${request.entitlement.riskTier.toLowerCase()}-risk entitlement ${request.entitlement.ref}.` },
  ];
  let total = base;
  const facts = { request, riskTier: null, sodConflict, preApprovedPattern: null };
  for (const modifier of scoring.modifiers) {
    if (!matchesCondition(modifier.when, facts)) continue;
    total += modifier.add;
    const sign = modifier.add >= 0 ? "+" : "";
    reasons.push({ code: "RISK_MODIFIER", message: `${sign}${modifier.add} (${modifier.id}): ${modifier.reason}.` });
  }
  const score = Math.max(0, Math.min(100, total));
  const tier = tierForScore(score, doc);
  const clamped = score !== total ? ` (${total} clamped to 0..100)` : "";
  reasons.push({ code: "RISK_SCORE", message: `Risk score ${score}${clamped}: tier ${tier}.` });
  return { score, tier, reasons };
}

/** The first tier whose maxScore is not below the score; the highest listed tier past the table's end. */
export function tierForScore(score: number, doc: PolicyDocument): RiskTier {
  const tiers = doc.riskScoring.tiers;
  return (tiers.find((t) => score <= t.maxScore) ?? tiers[tiers.length - 1]!).tier;
}
