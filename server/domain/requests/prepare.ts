import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import type { Actor } from "@/server/domain/identities/requestable";
import { newNhiProblems, type NewNhiOwners } from "@/server/domain/identities/register-nhi";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { policyEntitlement, policySubject } from "@/server/domain/policy/request-facts";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import type { EntitlementRef, PolicyContext, PolicyDecision, PolicyRequest, PublishedPolicy } from "@/server/domain/policy/types";
import { resolveApprovers, type ResolvedStage } from "@/server/domain/workflow/resolve-approvers";
import { exceptionProblems } from "./exception-rules";
import {
  CAP_TOLERANCE_HOURS,
  expiryCapProblem,
  expiryInPastProblem,
  hoursUntil,
  justificationProblems,
  parseInstant,
  type Problem,
} from "./field-rules";
import type { RequestInput } from "./input";
import { capLabel, requestScope } from "./scope";
import { loadTarget, type Target } from "./target";

type Db = PrismaClient | Prisma.TransactionClient;

/** Everything the preview shows and the submit writes, computed the same way for both. */
export interface Prepared {
  now: Date;
  input: RequestInput;
  policy: PublishedPolicy;
  target: Target;
  owners: NewNhiOwners | null;
  scope: Prisma.InputJsonObject;
  expiresAt: Date | null;
  facts: { request: PolicyRequest; context: PolicyContext };
  decision: PolicyDecision;
  stages: ResolvedStage[] | null;
  problems: Problem[];
}

export async function prepareRequest(db: Db, actor: Actor, input: RequestInput, now: Date = new Date()): Promise<Prepared> {
  // What the named subject holds is read beside the policy, before the subject is found to be one
  // the actor may ask for: it is used only once it is (and read again if the subject differs).
  const named = "subjectId" in input && input.subjectId ? input.subjectId : null;
  const early = named ? subjectHolds(db, named).catch(() => null) : null;
  const policy = await getCurrentPolicy(db);
  const doc = policy.document;
  const target = await loadTarget(db, actor, doc.requests.onBehalfOf, input);
  const problems: Problem[] = [...justificationProblems(input.justification, doc)];

  const expiresAt = "expiresAt" in input ? parseInstant(input.expiresAt) : null;
  const past = expiryInPastProblem(expiresAt, now);
  if (past) problems.push(past);

  let owners: NewNhiOwners | null = null;
  if (input.kind === "EXCEPTION") {
    problems.push(...(await exceptionProblems(db, input, target.subject, doc, actor.id, now)));
    if (input.newNhi) {
      const checked = await newNhiProblems(db, input.newNhi, doc, now);
      problems.push(...checked.problems);
      owners = checked.owners;
    }
  }

  const facts = { request: policyRequest(actor, input, target, owners, expiresAt, now), context: await policyContext(db, target, named, early) };
  const decision = evaluatePolicy(facts.request, facts.context, policy);

  if (decision.route === "REJECT") {
    const conflicts = decision.sodConflicts.map((c) => `${c.description} (${c.ruleId}: already holds ${c.held}, asks for ${c.requested})`);
    const why = conflicts.length > 0 ? `it completes a toxic combination: ${conflicts.join("; ")}` : (decision.reasons.at(-1)?.message ?? "the policy refuses it");
    problems.push({ field: "entitlementId", rule: `policy:${decision.ruleId}`, message: `Refused by policy rule ${decision.ruleId}: ${why}.` });
  }
  if (!past && input.kind !== "REVOKE" && input.kind !== "ROTATE") {
    const over = expiryCapProblem(expiresAt, now, decision, capLabel(decision, target.entitlement, input, doc));
    const beyond = expiresAt && hoursUntil(expiresAt, now) > doc.requests.maxRequestedHours + CAP_TOLERANCE_HOURS;
    const tooFar: Problem | null = beyond
      ? { field: "expiresAt", rule: "max-requested-hours", message: `expiresAt must be at most ${doc.requests.maxRequestedHours} hours from now (policy maximum for any request).` }
      : null;
    const first = over ?? tooFar;
    if (first && !problems.some((p) => p.field === "expiresAt")) problems.push(first);
  }

  let stages: ResolvedStage[] | null = null;
  if (decision.route === "WORKFLOW" && decision.workflowKey) {
    try {
      stages = await resolveApprovers(db, doc, decision.workflowKey, {
        requesterId: actor.id,
        subject: {
          kind: target.subject?.kind ?? "NHI",
          userId: target.subject?.user?.id ?? null,
          ownerId: target.subject?.ownerId ?? owners?.owner?.id ?? null,
          backupOwnerId: target.subject?.backupOwnerId ?? owners?.backupOwner?.id ?? null,
        },
        systemOwnerId: target.entitlement.system.owner.id,
        sponsorId: input.kind === "EXCEPTION" ? (input.sponsorId ?? null) : null,
        riskTier: decision.riskTier,
      });
    } catch (error) {
      if (!(error instanceof AppError) || !error.field) throw error;
      problems.push({ field: error.field, rule: "approvers", message: error.message });
    }
  }

  const scope = requestScope(input, target);
  return { now, input, policy, target, owners, scope, expiresAt, facts, decision, stages, problems };
}

function policyRequest(
  actor: Actor,
  input: RequestInput,
  target: Target,
  owners: NewNhiOwners | null,
  expiresAt: Date | null,
  now: Date,
): PolicyRequest {
  const { entitlement: e, subject: s } = target;
  const scope = (input.kind === "MODIFY" && input.newScope ? input.newScope : e.scope) as Record<string, unknown>;
  return {
    kind: input.kind,
    exceptionType: input.kind === "EXCEPTION" ? input.exceptionType : null,
    requester: { id: actor.id, email: actor.email, department: actor.department },
    subject: s
      ? policySubject(s)
      : {
          id: "new-nhi",
          kind: "NHI",
          email: null,
          department: null,
          ownerEmail: owners?.owner?.email ?? null,
          backupOwnerEmail: owners?.backupOwner?.email ?? null,
          ownerActive: Boolean(owners?.owner?.active),
        },
    entitlement: policyEntitlement(e, scope),
    requestedHours: expiresAt ? Math.max(0, hoursUntil(expiresAt, now)) : null,
  };
}

/** What the subject holds or is about to hold, for the policy's toxic-combination rules. */
async function policyContext(db: Db, target: Target, named: string | null, early: Promise<EntitlementRef[] | null> | null): Promise<PolicyContext> {
  if (!target.subject) return { subjectHolds: [] };
  const read = target.subject.id === named ? await early : null;
  return { subjectHolds: read ?? (await subjectHolds(db, target.subject.id)) };
}

async function subjectHolds(db: Db, subjectId: string): Promise<EntitlementRef[]> {
  // One statement: the held grants and the tickets on their way to a grant (submitted up to
  // fulfilling), named as entitlementRef names them.
  const rows = await db.$queryRaw<{ ref: EntitlementRef }[]>(Prisma.sql`
    SELECT DISTINCT s.key || ':' || e.key AS ref
    FROM (
      SELECT g."entitlementId" FROM "Grant" g
      WHERE g."identityId" = ${subjectId} AND g.status IN ('ACTIVE', 'PENDING') AND g."entitlementId" IS NOT NULL
      UNION
      SELECT r."entitlementId" FROM "AccessRequest" r
      WHERE r."subjectId" = ${subjectId} AND r.status IN ('SUBMITTED', 'PENDING_APPROVAL', 'AUTO_APPROVED', 'APPROVED', 'FULFILLING')
        AND r.kind IN ('GRANT', 'EXCEPTION', 'MODIFY') AND r."entitlementId" IS NOT NULL
    ) held
    JOIN "Entitlement" e ON e.id = held."entitlementId"
    JOIN "System" s ON s.id = e."systemId"`);
  return rows.map((r) => r.ref).sort();
}
