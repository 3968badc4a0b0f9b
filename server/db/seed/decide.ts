import type { ExceptionType, RequestKind } from "@/server/db/generated/client";
import { defaultPolicyDocument } from "@/server/domain/policy/default-document";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { policyContentHash } from "@/server/domain/policy/hash";
import type { PolicyDecision, PolicyRequest, PublishedPolicy } from "@/server/domain/policy/types";
import type { EntitlementSeed } from "./catalogue";
import type { IdentitySeed } from "./identities";
import type { PersonSeed } from "./people";

/**
 * Seeded tickets carry the decision the policy engine really gives under version 1: this file
 * only turns the seed's objects into the engine's facts.
 */
export interface DecisionInput {
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  entitlement: EntitlementSeed;
  subject: IdentitySeed;
  requester: PersonSeed;
  /** Id of a toxic pair the subject is made to complete: the other half counts as held. */
  sodConflict?: string | null;
  requestedHours?: number | null;
}

export type Decision = Omit<PolicyDecision, "policy">;

let published: PublishedPolicy | null = null;

function policy(): PublishedPolicy {
  if (!published) {
    const document = defaultPolicyDocument();
    // The database id is not known here and is not part of what the seed keeps from a decision.
    published = { id: "seed-policy-v1", version: 1, contentHash: policyContentHash(document), document };
  }
  return published;
}

export function toPolicyRequest(input: DecisionInput): PolicyRequest {
  const { entitlement: e, subject: s, requester: r } = input;
  return {
    kind: input.kind,
    exceptionType: input.exceptionType,
    requester: { id: r.id, email: r.email, department: r.department },
    subject: {
      id: s.id,
      kind: s.kind,
      email: s.person?.email ?? null,
      department: s.person?.department ?? null,
      ownerEmail: s.kind === "NHI" ? s.ownerEmail : null,
      backupOwnerEmail: s.kind === "NHI" ? s.backupEmail : null,
      ownerActive: s.kind === "HUMAN" || s.ownerEmail !== null,
    },
    entitlement: {
      ref: e.ref,
      riskTier: e.riskTier,
      privileged: e.privileged,
      maxTtlHours: e.maxTtlHours,
      scope: e.scope as Record<string, unknown>,
      system: {
        key: e.system.key,
        environment: e.system.environment,
        riskTier: e.system.riskTier,
        ownerEmail: e.system.ownerEmail,
        connectorType: e.system.connectorType,
      },
    },
    requestedHours: input.requestedHours ?? null,
  };
}

export function decide(input: DecisionInput): Decision {
  const doc = policy().document;
  const pair = input.sodConflict ? doc.separationOfDuties.toxicPairs.find((p) => p.id === input.sodConflict) : undefined;
  if (input.sodConflict && !pair) throw new Error(`seed: unknown toxic pair ${input.sodConflict}`);
  const subjectHolds = pair ? pair.entitlements.filter((ref) => ref !== input.entitlement.ref) : [];
  const { policy: _pinned, ...decision } = evaluatePolicy(toPolicyRequest(input), { subjectHolds }, policy());
  return decision;
}
