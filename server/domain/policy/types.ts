import type {
  ConnectorType,
  DecisionRoute,
  Environment,
  ExceptionType,
  IdentityKind,
  RequestKind,
  RiskTier,
} from "@/server/db/generated/client";
import type { PolicyDocument } from "./schema";

/**
 * The contract of the policy engine: `evaluatePolicy(request, context, policy) -> decision`
 * (server/domain/policy/evaluate.ts) is a pure function of these values. Callers gather the
 * facts from the database; the engine never reads it, so a decision can be replayed from the
 * pinned version and the facts stored with the ticket.
 */

/** "systemKey:entitlementKey", the stable name the policy document uses for an entitlement. */
export type EntitlementRef = string;

export interface PolicyRequest {
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  requester: { id: string; email: string; department: string };
  subject: {
    id: string;
    kind: IdentityKind;
    /** The person's email for a HUMAN subject, else null. */
    email: string | null;
    /** The person's department for a HUMAN subject, else null. */
    department: string | null;
    /** NHI owners by email (null when none or for a HUMAN subject). */
    ownerEmail: string | null;
    backupOwnerEmail: string | null;
    /** False when the NHI's owner is missing or no longer active. */
    ownerActive: boolean;
  };
  entitlement: {
    ref: EntitlementRef;
    riskTier: RiskTier;
    privileged: boolean;
    maxTtlHours: number | null;
    scope: Record<string, unknown>;
    system: {
      key: string;
      environment: Environment;
      riskTier: RiskTier;
      ownerEmail: string;
      /** MANUAL systems close with an attestation instead of a read-back alone. */
      connectorType: ConnectorType;
    };
  };
  /** Requested duration in hours; null asks for access without an end date. */
  requestedHours: number | null;
}

export interface PolicyContext {
  /** Entitlements the subject holds now (active grants) or has pending, for SoD checks. */
  subjectHolds: EntitlementRef[];
}

export interface PublishedPolicy {
  id: string;
  version: number;
  contentHash: string;
  document: PolicyDocument;
}

export interface DecisionReason {
  code: string;
  message: string;
}

export interface SodConflict {
  ruleId: string;
  description: string;
  /** The entitlement the subject already holds that completes the toxic pair. */
  held: EntitlementRef;
  requested: EntitlementRef;
}

export interface PolicyDecision {
  route: DecisionRoute;
  /** Id of the rule that decided (first match). */
  ruleId: string;
  workflowKey: string | null;
  riskScore: number;
  riskTier: RiskTier;
  /** The effective cap in hours; null when access without an end date is allowed. */
  ttlCapHours: number | null;
  /** Whether the request must carry an expiry (temporary access, every exception, any cap). */
  expiryRequired: boolean;
  preApprovedPattern: string | null;
  sodConflicts: SodConflict[];
  /** Evidence this path requires at closure, e.g. "verify-readback", "attestation", "follow-up-review". */
  requiredEvidence: string[];
  /** For an exception type that demands it (EMERGENCY): hours within which the follow-up review is due. */
  followUpReviewWithinHours: number | null;
  /**
   * Break-glass: the exception type is granted at once (grantAtOnce) and the workflow the rule
   * names decides a follow-up review afterwards instead of the grant itself.
   */
  breakGlass: boolean;
  reasons: DecisionReason[];
  policy: { id: string; version: number; contentHash: string };
}
