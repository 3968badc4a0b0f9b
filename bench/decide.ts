import type { ExceptionType, RequestKind, RequestStatus, RiskTier } from "@/server/db/generated/client";
import type { SeedRandom } from "@/server/db/seed/random";
import type { Ent, Ident } from "./org";

export interface Decision {
  route: "AUTO_APPROVE" | "WORKFLOW" | "REJECT";
  ruleId: string;
  workflowKey: string | null;
  riskScore: number;
  riskTier: RiskTier;
  breakGlass: boolean;
  preApprovedPattern: string | null;
  reasons: { code: string; message: string }[];
}

const TIER_BASE: Record<RiskTier, number> = { LOW: 10, MEDIUM: 35, HIGH: 60, CRITICAL: 80 };

function tierOf(score: number): RiskTier {
  return score <= 29 ? "LOW" : score <= 54 ? "MEDIUM" : score <= 79 ? "HIGH" : "CRITICAL";
}

/** The route policy version 1 gives: the same rule order as the document, on the generator's facts. */
export function decide(rng: SeedRandom, kind: RequestKind, exceptionType: ExceptionType | null, e: Ent, subject: Ident, requesterIsOwner: boolean, status: RequestStatus): Decision {
  const reasons: { code: string; message: string }[] = [{ code: "base", message: `entitlement risk tier ${e.riskTier}: base score ${TIER_BASE[e.riskTier]}` }];
  let score = TIER_BASE[e.riskTier];
  const add = (when: boolean, n: number, code: string, message: string) => {
    if (!when) return;
    score += n;
    reasons.push({ code, message: `${message} (+${n})` });
  };
  add(e.privileged, 10, "privileged", "privileged entitlement");
  add(e.system.environment === "PRODUCTION", 5, "production", "production system");
  add(subject.kind === "NHI", 5, "non-human", "non-human identity");
  add(kind === "EXCEPTION", 10, "exception", "exception to standard process");
  score = Math.min(100, score);
  const riskTier = tierOf(score);
  const base = { riskScore: score, riskTier, breakGlass: false, preApprovedPattern: null as string | null };
  const rule = (ruleId: string, route: Decision["route"], workflowKey: string | null, message: string): Decision => ({
    ...base,
    route,
    ruleId,
    workflowKey,
    reasons: [...reasons, { code: `rule:${ruleId}`, message }],
  });
  const needsPerson = ["PENDING_APPROVAL", "APPROVED", "EXPIRED_UNDECIDED"].includes(status);
  if (kind === "REVIEW") return rule("emergency-break-glass", "WORKFLOW", "break-glass", "follow-up review of break-glass access");
  if (status === "DENIED" && rng.chance(0.1) && kind !== "EXCEPTION") {
    return rule("sod-toxic-pair", "REJECT", null, "refused: the access would complete a toxic combination of entitlements");
  }
  if (kind === "REVOKE") return rule("revoke-self-service", "AUTO_APPROVE", null, "removing access never waits for approval");
  if (kind === "ROTATE" && requesterIsOwner && !needsPerson && status !== "DENIED") {
    return rule("rotate-by-owner", "AUTO_APPROVE", null, "the owner rotates the identity's credential");
  }
  if (exceptionType === "EMERGENCY") return { ...rule("emergency-break-glass", "WORKFLOW", "break-glass", "break-glass access during an incident"), breakGlass: true };
  if (exceptionType === "VENDOR") return rule("vendor-session", "WORKFLOW", "vendor-sponsor", "time-boxed vendor support session");
  if (exceptionType === "AUTOMATION") return rule("automation-onboarding", "WORKFLOW", "automation-onboarding", "onboarding of a new service identity");
  if (kind === "GRANT" && riskTier === "LOW" && !e.privileged && !needsPerson && status !== "DENIED" && rng.chance(0.5)) {
    const pattern = subject.kind === "NHI" ? "pa-staging-workloads" : "pa-standard-tools";
    return { ...rule("pre-approved", "AUTO_APPROVE", null, `matches pre-approved pattern ${pattern}`), preApprovedPattern: pattern };
  }
  if (riskTier === "CRITICAL" || e.privileged) return rule("critical-or-privileged", "WORKFLOW", "security-review", "critical or privileged access needs a security review");
  if (subject.kind === "NHI" && riskTier === "HIGH") return rule("nhi-high-risk", "WORKFLOW", "nhi-owner-and-resource-owner", "high-risk NHI access: the owner is never the only approver");
  if (riskTier === "HIGH") return rule("high-risk", "WORKFLOW", "manager-and-owner", "high-risk access needs the manager and the resource owner");
  return rule("default", "WORKFLOW", "manager-approval", "the manager decides");
}

export function ttlFor(rng: SeedRandom, e: Ent, subject: Ident, exceptionType: ExceptionType | null, tier: RiskTier): number | null {
  if (exceptionType === "EMERGENCY") return 4;
  if (exceptionType === "VENDOR") return rng.pick([2, 4, 8]);
  const tierCap = subject.kind === "NHI" ? { LOW: 4320, MEDIUM: 2160, HIGH: 2160, CRITICAL: 720 }[tier] : { LOW: 2160, MEDIUM: 2160, HIGH: 720, CRITICAL: 168 }[tier];
  const cap = Math.min(tierCap, e.maxTtlHours ?? Infinity, exceptionType === "AUTOMATION" ? 720 : Infinity);
  if (e.maxTtlHours === null && (tier === "LOW" || tier === "MEDIUM") && !exceptionType && rng.chance(0.5)) return null;
  const options = [8, 24, 72, 168, 720, 2160, 4320].filter((h) => h <= cap);
  return options.length ? rng.pick(options) : cap;
}
