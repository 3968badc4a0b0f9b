import type { RiskTier } from "@/server/db/generated/client";
import type { PolicyDocument } from "./schema";
import type { DecisionReason, PolicyRequest } from "./types";

export interface TtlOutcome {
  capHours: number | null;
  expiryRequired: boolean;
  reason: DecisionReason;
}

/**
 * The effective cap is the smallest of: the entitlement's maxTtlHours, the tier cap for people or
 * for NHIs, the exception type's cap and the deciding pattern's cap. Access without an end date
 * (null) is allowed only for a person, outside exceptions, in a tier the policy lists, on an
 * entitlement without its own cap, and not when a capped pattern decided.
 */
export function ttlFor(
  request: PolicyRequest,
  tier: RiskTier,
  decidingPatternCap: number | null,
  doc: PolicyDocument,
): TtlOutcome {
  if (request.kind === "REVOKE") {
    return { capHours: null, expiryRequired: false, reason: { code: "TTL_CAP", message: "A removal has no duration." } };
  }
  const caps = doc.ttlCapsHours;
  const human = request.subject.kind === "HUMAN";
  const exception = isException(request);
  const candidates: [string, number][] = [
    [`${human ? "people" : "non-human identities"} at tier ${tier}`, (human ? caps.humansByRiskTier : caps.nonHumansByRiskTier)[tier]],
  ];
  if (request.entitlement.maxTtlHours !== null) candidates.push([`entitlement ${request.entitlement.ref}`, request.entitlement.maxTtlHours]);
  if (request.exceptionType !== null) candidates.push([`${request.exceptionType} exceptions`, caps.byExceptionType[request.exceptionType]]);
  if (decidingPatternCap !== null) candidates.push(["the pre-approved pattern", decidingPatternCap]);

  const permanent =
    human &&
    !exception &&
    request.entitlement.maxTtlHours === null &&
    decidingPatternCap === null &&
    caps.permanentAllowedForTiers.includes(tier);
  if (permanent) {
    return {
      capHours: null,
      expiryRequired: request.requestedHours !== null,
      reason: { code: "TTL_CAP", message: `No end date required: tier ${tier} allows lasting access for people.` },
    };
  }
  const [source, capHours] = candidates.reduce((min, c) => (c[1] < min[1] ? c : min));
  return {
    capHours,
    expiryRequired: true,
    reason: { code: "TTL_CAP", message: `Access may last at most ${capHours} h (cap set by ${source}).` },
  };
}

export function isException(request: PolicyRequest): boolean {
  return request.kind === "EXCEPTION" || request.exceptionType !== null;
}

/**
 * The hours actually granted: what was asked, never more than the cap; the cap itself when no
 * end date was asked but one is required; null (no end date) only when no cap applies.
 */
export function grantedHours(decision: { ttlCapHours: number | null }, requestedHours: number | null): number | null {
  const cap = decision.ttlCapHours;
  if (requestedHours === null) return cap;
  return cap === null ? requestedHours : Math.min(requestedHours, cap);
}
