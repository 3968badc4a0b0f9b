import type { RiskTier } from "@/server/db/generated/client";
import type { PolicyCondition } from "./schema";
import type { PolicyRequest } from "./types";

export const TIER_ORDER: readonly RiskTier[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const tierRank = (tier: RiskTier): number => TIER_ORDER.indexOf(tier);

/**
 * What a condition is tested against. Facts that are computed during evaluation are null or
 * undefined until known: risk scoring runs before the tier exists, pattern matching before the
 * pattern is known. A condition on an unknown fact never matches (validation refuses it there).
 */
export interface ConditionFacts {
  request: PolicyRequest;
  riskTier: RiskTier | null;
  sodConflict: boolean;
  preApprovedPattern: boolean | null;
}

/** The entitlement's scope.privileges as strings, or null when the scope names none. */
export function scopePrivileges(request: PolicyRequest): string[] | null {
  const value = request.entitlement.scope.privileges;
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.filter((p): p is string => typeof p === "string");
}

/** Every member present must hold; `anyOf` holds when one of its conditions does. */
export function matchesCondition(when: PolicyCondition, facts: ConditionFacts): boolean {
  const { request: r } = facts;
  const e = r.entitlement;
  if (when.kinds && !(when.kinds as readonly string[]).includes(r.kind)) return false;
  if (when.exceptionTypes && !(r.exceptionType !== null && when.exceptionTypes.includes(r.exceptionType))) return false;
  if (when.subjectKinds && !when.subjectKinds.includes(r.subject.kind)) return false;
  if (when.environments && !when.environments.includes(e.system.environment)) return false;
  if (when.connectorTypes && !when.connectorTypes.includes(e.system.connectorType)) return false;
  if (when.departments && !(r.subject.kind === "HUMAN" && r.subject.department !== null && when.departments.includes(r.subject.department))) {
    return false;
  }
  if (when.entitlements && !when.entitlements.includes(e.ref)) return false;
  if (when.systems && !when.systems.includes(e.system.key)) return false;
  if (when.scopePrivilegesWithin || when.scopePrivilegesAny) {
    const privileges = scopePrivileges(r);
    if (when.scopePrivilegesWithin && !(privileges && privileges.every((p) => when.scopePrivilegesWithin!.includes(p)))) return false;
    if (when.scopePrivilegesAny && !(privileges && privileges.some((p) => when.scopePrivilegesAny!.includes(p)))) return false;
  }
  if (when.privileged !== undefined && e.privileged !== when.privileged) return false;
  if (when.minRiskTier || when.maxRiskTier) {
    if (facts.riskTier === null) return false;
    if (when.minRiskTier && tierRank(facts.riskTier) < tierRank(when.minRiskTier)) return false;
    if (when.maxRiskTier && tierRank(facts.riskTier) > tierRank(when.maxRiskTier)) return false;
  }
  if (when.minRequestedHours !== undefined && !(r.requestedHours !== null && r.requestedHours >= when.minRequestedHours)) return false;
  if (when.openEnded !== undefined && (r.requestedHours === null) !== when.openEnded) return false;
  if (when.requireBackupOwner && !(r.subject.kind === "NHI" && r.subject.backupOwnerEmail)) return false;
  if (when.requesterIsOwner !== undefined && isRequesterOwner(r) !== when.requesterIsOwner) return false;
  if (when.sodConflict !== undefined && facts.sodConflict !== when.sodConflict) return false;
  if (when.preApprovedPattern !== undefined && facts.preApprovedPattern !== when.preApprovedPattern) return false;
  if (when.anyOf && !when.anyOf.some((c) => matchesCondition(c, facts))) return false;
  return true;
}

export function isRequesterOwner(r: PolicyRequest): boolean {
  return r.subject.ownerEmail !== null && r.subject.ownerEmail.toLowerCase() === r.requester.email.toLowerCase();
}

/** A short, readable account of a condition for the reasons of a decision. */
export function describeCondition(when: PolicyCondition): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(when)) {
    if (value === undefined) continue;
    if (key === "anyOf") parts.push(`any of (${(value as PolicyCondition[]).map(describeCondition).join(" | ")})`);
    else if (Array.isArray(value)) parts.push(`${key} in [${value.join(", ")}]`);
    else parts.push(`${key} = ${String(value)}`);
  }
  return parts.length === 0 ? "always" : parts.join(", ");
}
