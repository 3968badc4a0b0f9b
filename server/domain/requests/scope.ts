import type { Prisma } from "@/server/db/generated/client";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import type { PolicyDecision } from "@/server/domain/policy/types";
import type { RequestInput } from "./input";
import type { EntitlementFacts, Target } from "./target";

/**
 * The exact scope the ticket asks for, frozen at submit: what the connector will grant, change or
 * remove, named by system, entitlement and identity so it reads the same after the catalogue changes.
 */
export function requestScope(input: RequestInput, target: Target): Prisma.InputJsonObject {
  const e = target.entitlement;
  const identity = target.subject?.name ?? (input.kind === "EXCEPTION" ? (input.newNhi?.name ?? null) : null);
  const base = { system: e.system.key, entitlement: e.key, identity };
  const entitlementScope = e.scope as Prisma.InputJsonObject;
  switch (input.kind) {
    case "GRANT":
    case "EXCEPTION":
      return { ...base, ...entitlementScope };
    case "MODIFY":
      return {
        ...base,
        ...(input.newScope ? (input.newScope as Prisma.InputJsonObject) : entitlementScope),
        action: "modify",
        grantId: target.grant!.id,
        previous: (target.grant!.scope ?? null) as Prisma.InputJsonValue,
      };
    case "REVOKE":
      return { ...base, ...entitlementScope, action: "revoke", grantId: target.grant!.id };
    case "ROTATE":
      return { ...base, ...entitlementScope, action: "rotate", grantId: target.grant!.id, grantType: target.grant!.type };
  }
}

/** Which policy limit the TTL cap comes from, for "at most N hours (policy cap for ...)". */
export function capLabel(decision: PolicyDecision, e: EntitlementFacts, input: RequestInput, doc: PolicyDocument): string {
  const cap = decision.ttlCapHours;
  if (decision.preApprovedPattern) {
    const pattern = doc.preApprovedPatterns.find((p) => p.id === decision.preApprovedPattern);
    if (pattern?.maxTtlHours === cap) return `pre-approved pattern ${pattern.id}`;
  }
  if (input.kind === "EXCEPTION" && doc.ttlCapsHours.byExceptionType[input.exceptionType] === cap) {
    return `${input.exceptionType} exceptions`;
  }
  if (e.maxTtlHours !== null && e.maxTtlHours === cap) return `${e.name} (the entitlement's maximum)`;
  return `${decision.riskTier}-risk access`;
}
