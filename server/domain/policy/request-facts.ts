import type { ConnectorType, Environment, IdentityKind, RiskTier } from "@/server/db/generated/client";
import { entitlementRef } from "@/server/domain/catalogue/ref";
import type { PolicyRequest } from "./types";

/**
 * Stored identities and entitlements in the shape the engine judges. A new ticket and a replayed
 * one go through the same mapping, so a simulation sees exactly what a submit would have seen.
 */

export interface SubjectFactsRow {
  id: string;
  kind: IdentityKind;
  user: { email: string; department: string } | null;
  owner: { email: string; active: boolean } | null;
  backupOwner: { email: string } | null;
}

export function policySubject(s: SubjectFactsRow): PolicyRequest["subject"] {
  return {
    id: s.id,
    kind: s.kind,
    email: s.user?.email ?? null,
    department: s.user?.department ?? null,
    ownerEmail: s.owner?.email ?? null,
    backupOwnerEmail: s.backupOwner?.email ?? null,
    ownerActive: s.kind === "HUMAN" || Boolean(s.owner?.active),
  };
}

export interface EntitlementFactsRow {
  key: string;
  riskTier: RiskTier;
  privileged: boolean;
  maxTtlHours: number | null;
  system: { key: string; environment: Environment; riskTier: RiskTier; connectorType: ConnectorType; owner: { email: string } };
}

/** `scope` is what the request is judged on: the catalogue's, or the new one a MODIFY asks for. */
export function policyEntitlement(e: EntitlementFactsRow, scope: Record<string, unknown>): PolicyRequest["entitlement"] {
  return {
    ref: entitlementRef(e),
    riskTier: e.riskTier,
    privileged: e.privileged,
    maxTtlHours: e.maxTtlHours,
    scope,
    system: {
      key: e.system.key,
      environment: e.system.environment,
      riskTier: e.system.riskTier,
      ownerEmail: e.system.owner.email,
      connectorType: e.system.connectorType,
    },
  };
}
