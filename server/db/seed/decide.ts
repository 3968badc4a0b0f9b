import type { DecisionRoute, ExceptionType, RequestKind, RiskTier } from "@/server/db/generated/client";
import type { EntitlementSeed } from "./catalogue";
import type { IdentitySeed } from "./identities";
import type { PersonSeed } from "./people";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";

/**
 * The seed's reading of policy version 1, so that every seeded ticket carries the decision
 * this version really gives. It interprets the same document the portal publishes.
 */
export interface DecisionInput {
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  entitlement: EntitlementSeed;
  subject: IdentitySeed;
  requester: PersonSeed;
  sodConflict?: string | null;
}

export interface Decision {
  route: DecisionRoute;
  ruleId: string;
  workflowKey: string | null;
  riskScore: number;
  riskTier: RiskTier;
  ttlCapHours: number | null;
  preApprovedPattern: string | null;
  reasons: { code: string; message: string }[];
}

const TIERS: RiskTier[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const rank = (t: string): number => TIERS.indexOf(t as RiskTier);

type Condition = Record<string, unknown>;

interface Facts extends DecisionInput {
  riskTier: RiskTier;
  preApproved: string | null;
}

function matches(when: Condition, f: Facts): boolean {
  const list = (k: string) => when[k] as readonly string[] | undefined;
  const e = f.entitlement;
  const subjectDept = f.subject.person?.department;
  const privileges = (e.scope.privileges as string[] | undefined) ?? null;
  if (when.anyOf) return (when.anyOf as Condition[]).some((c) => matches(c, f));
  if (list("kinds") && !list("kinds")!.includes(f.kind)) return false;
  if (list("exceptionTypes") && !(f.exceptionType && list("exceptionTypes")!.includes(f.exceptionType))) return false;
  if (list("subjectKinds") && !list("subjectKinds")!.includes(f.subject.kind)) return false;
  if (list("environments") && !list("environments")!.includes(e.system.environment)) return false;
  if (list("departments") && !(subjectDept && list("departments")!.includes(subjectDept))) return false;
  if (list("entitlements") && !list("entitlements")!.includes(e.ref)) return false;
  if (list("scopePrivilegesWithin") && !(privileges && privileges.every((p) => list("scopePrivilegesWithin")!.includes(p)))) return false;
  if (when.privileged !== undefined && e.privileged !== when.privileged) return false;
  if (when.minRiskTier && rank(f.riskTier) < rank(when.minRiskTier as string)) return false;
  if (when.maxRiskTier && rank(f.riskTier) > rank(when.maxRiskTier as string)) return false;
  if (when.requireBackupOwner && !f.subject.backupEmail) return false;
  if (when.requesterIsOwner !== undefined && (f.subject.ownerEmail === f.requester.email) !== when.requesterIsOwner) return false;
  if (when.sodConflict !== undefined && Boolean(f.sodConflict) !== when.sodConflict) return false;
  if (when.preApprovedPattern !== undefined && Boolean(f.preApproved) !== when.preApprovedPattern) return false;
  return true;
}

function score(input: DecisionInput): { score: number; reasons: string[] } {
  const e = input.entitlement;
  let total: number = POLICY.riskScoring.baseByEntitlementTier[e.riskTier];
  const reasons = [`${e.riskTier.toLowerCase()}-risk entitlement (${total})`];
  const facts = { ...input, riskTier: e.riskTier, preApproved: null };
  for (const m of POLICY.riskScoring.modifiers) {
    if (matches(m.when as Condition, facts)) {
      total += m.add;
      reasons.push(`${m.reason} (+${m.add})`);
    }
  }
  return { score: Math.min(100, total), reasons };
}

function ttlCap(input: DecisionInput, tier: RiskTier, patternCap: number | null | undefined): number | null {
  const caps = POLICY.ttlCapsHours;
  const byTier = input.subject.kind === "NHI" ? caps.nonHumansByRiskTier : caps.humansByRiskTier;
  const candidates = [input.entitlement.maxTtlHours, byTier[tier]];
  if (input.exceptionType) candidates.push(caps.byExceptionType[input.exceptionType]);
  if (patternCap !== undefined) candidates.push(patternCap);
  const permanent = input.entitlement.maxTtlHours === null && patternCap !== 8 && !input.exceptionType &&
    (caps.permanentAllowedForTiers as readonly string[]).includes(tier) && input.subject.kind === "HUMAN";
  if (permanent) return null;
  return Math.min(...candidates.filter((c): c is number => typeof c === "number"));
}

export function decide(input: DecisionInput): Decision {
  const { score: riskScore, reasons: scoreReasons } = score(input);
  const riskTier = POLICY.riskScoring.tiers.find((t) => riskScore <= t.maxScore)!.tier as RiskTier;
  const base: Facts = { ...input, riskTier, preApproved: null };
  const pattern = POLICY.preApprovedPatterns.find((p) => matches(p.when as Condition, base));
  const facts: Facts = { ...base, preApproved: pattern?.id ?? null };
  const rule = POLICY.rules.find((r) => matches(r.when as Condition, facts))!;
  const then = rule.then as { route: DecisionRoute; workflow?: string };
  const cap = ttlCap(input, riskTier, pattern && rule.id === "pre-approved" ? pattern.maxTtlHours : undefined);
  const reasons = [
    { code: "RISK_SCORE", message: `Risk ${riskScore} (${riskTier}): ${scoreReasons.join(", ")}.` },
    { code: "RULE", message: `Rule ${rule.id}: ${rule.description}` },
  ];
  if (rule.id === "pre-approved" && pattern) reasons.push({ code: "PRE_APPROVED", message: `Pattern ${pattern.id}: ${pattern.description}` });
  if (input.sodConflict) reasons.push({ code: "SOD_CONFLICT", message: `Toxic combination ${input.sodConflict}: the subject already holds the other half.` });
  if (then.workflow) reasons.push({ code: "WORKFLOW", message: `Routed to workflow ${then.workflow}.` });
  reasons.push({ code: "TTL_CAP", message: cap === null ? "No time limit required for this tier." : `Access may last at most ${cap} h.` });
  return {
    route: then.route,
    ruleId: rule.id,
    workflowKey: then.workflow ?? null,
    riskScore,
    riskTier,
    ttlCapHours: cap,
    preApprovedPattern: rule.id === "pre-approved" ? (pattern?.id ?? null) : null,
    reasons,
  };
}
