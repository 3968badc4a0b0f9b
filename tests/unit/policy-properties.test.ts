import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import {
  CONNECTOR_TYPES,
  ENVIRONMENTS,
  EXCEPTION_TYPES,
  IDENTITY_KINDS,
  REQUEST_KINDS,
  RISK_TIERS,
  validatePolicyDocument,
  type PolicyCondition,
  type PolicyDocument,
} from "@/server/domain/policy/schema";
import { grantedHours, isException } from "@/server/domain/policy/ttl";
import type { PolicyContext, PolicyRequest, PublishedPolicy } from "@/server/domain/policy/types";
import { defaultDoc, publish } from "./policy-fixtures";

const REFS = ["payments-api:payments_initiate", "payments-api:payments_approve", "staging-db:staging_read", "source-org:repo_read", "orders-db:orders_dba"];
const DEPARTMENTS = ["Engineering", "Finance", "Data"];
const PRIVILEGES = ["SELECT", "INSERT", "ALL", "DROP"];
const EMAILS = ["riley.requester@acme.example", "avery.approver@acme.example", "owner@acme.example"];
const BASE = defaultDoc();
const WORKFLOWS = BASE.workflows.map((w) => w.key);
const hoursArb = fc.integer({ min: 1, max: 10_000 });
const some = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

const requestArb: fc.Arbitrary<PolicyRequest> = fc
  .record({
    kind: fc.constantFrom(...REQUEST_KINDS),
    exceptionType: fc.option(fc.constantFrom(...EXCEPTION_TYPES), { nil: null }),
    requesterEmail: fc.constantFrom(...EMAILS),
    subjectKind: fc.constantFrom(...IDENTITY_KINDS),
    department: fc.constantFrom(...DEPARTMENTS),
    ownerEmail: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
    backupOwnerEmail: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
    ref: fc.constantFrom(...REFS),
    riskTier: fc.constantFrom(...RISK_TIERS),
    privileged: fc.boolean(),
    maxTtlHours: fc.option(hoursArb, { nil: null }),
    privileges: fc.option(fc.subarray(PRIVILEGES), { nil: null }),
    environment: fc.constantFrom(...ENVIRONMENTS),
    connectorType: fc.constantFrom(...CONNECTOR_TYPES),
    requestedHours: fc.option(hoursArb, { nil: null }),
  })
  .map((r) => ({
    kind: r.kind,
    exceptionType: r.kind === "EXCEPTION" ? (r.exceptionType ?? "EMERGENCY") : r.exceptionType,
    requester: { id: "u1", email: r.requesterEmail, department: r.department },
    subject: {
      id: "s1",
      kind: r.subjectKind,
      email: r.subjectKind === "HUMAN" ? r.requesterEmail : null,
      department: r.subjectKind === "HUMAN" ? r.department : null,
      ownerEmail: r.subjectKind === "NHI" ? r.ownerEmail : null,
      backupOwnerEmail: r.subjectKind === "NHI" ? r.backupOwnerEmail : null,
      ownerActive: true,
    },
    entitlement: {
      ref: r.ref,
      riskTier: r.riskTier,
      privileged: r.privileged,
      maxTtlHours: r.maxTtlHours,
      scope: r.privileges === null ? {} : { privileges: r.privileges },
      system: { key: r.ref.split(":")[0]!, environment: r.environment, riskTier: r.riskTier, ownerEmail: "owner@acme.example", connectorType: r.connectorType },
    },
    requestedHours: r.requestedHours,
  }));

const contextArb: fc.Arbitrary<PolicyContext> = fc.record({ subjectHolds: fc.subarray(REFS) });

const tierArb = fc.constantFrom(...RISK_TIERS);
const leafArb = (known: { tier: boolean; pattern: boolean }): fc.Arbitrary<PolicyCondition> =>
  fc.record(
    {
      kinds: some(REQUEST_KINDS),
      exceptionTypes: some(EXCEPTION_TYPES),
      subjectKinds: some(IDENTITY_KINDS),
      environments: some(ENVIRONMENTS),
      connectorTypes: some(CONNECTOR_TYPES),
      departments: some(DEPARTMENTS),
      entitlements: some(REFS),
      scopePrivilegesWithin: some(PRIVILEGES),
      privileged: fc.boolean(),
      minRequestedHours: hoursArb,
      requireBackupOwner: fc.boolean(),
      requesterIsOwner: fc.boolean(),
      sodConflict: fc.boolean(),
      ...(known.tier ? { minRiskTier: tierArb, maxRiskTier: tierArb } : {}),
      ...(known.pattern ? { preApprovedPattern: fc.boolean() } : {}),
    },
    { requiredKeys: [] },
  ).chain((full) =>
    // Few members per condition, so that generated rules match often enough to decide.
    fc.subarray(Object.keys(full) as (keyof PolicyCondition)[], { maxLength: 2 }).map(
      (keys) => Object.fromEntries(keys.map((k) => [k, (full as Record<string, unknown>)[k]])) as PolicyCondition,
    ),
  ).map((c) => {
    // Keep tier ranges non-empty, so that most generated documents are valid.
    if (c.minRiskTier && c.maxRiskTier && RISK_TIERS.indexOf(c.minRiskTier) > RISK_TIERS.indexOf(c.maxRiskTier)) {
      const { maxRiskTier: _dropped, ...rest } = c;
      return rest;
    }
    return c;
  });
const conditionArb = (known: { tier: boolean; pattern: boolean }): fc.Arbitrary<PolicyCondition> =>
  fc.tuple(leafArb(known), fc.option(fc.array(leafArb(known), { minLength: 1, maxLength: 2 }), { nil: undefined })).map(([leaf, anyOf]) => (anyOf ? { ...leaf, anyOf } : leaf));

const ruleArb = fc.record({
  when: conditionArb({ tier: true, pattern: true }),
  route: fc.constantFrom("AUTO_APPROVE", "WORKFLOW", "REJECT"),
  workflow: fc.constantFrom(...WORKFLOWS),
});

/** Variations of the default document: scores, tiers, caps, modifiers, patterns and rules. */
function policyArb(validOnly: boolean): fc.Arbitrary<PolicyDocument> {
  const docs = fc
    .record({
      base: fc.tuple(...RISK_TIERS.map(() => fc.integer({ min: 0, max: 100 }))),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { maxLength: 3 }),
      caps: fc.tuple(...RISK_TIERS.map(() => hoursArb)),
      exceptionCaps: fc.tuple(hoursArb, hoursArb, hoursArb),
      permanent: fc.subarray([...RISK_TIERS]),
      modifiers: fc.array(fc.record({ when: conditionArb({ tier: false, pattern: false }), add: fc.integer({ min: -100, max: 100 }) }), { maxLength: 4 }),
      patterns: fc.array(fc.record({ when: conditionArb({ tier: true, pattern: false }), cap: fc.option(hoursArb, { nil: null }) }), { maxLength: 3 }),
      rules: fc.array(ruleArb, { maxLength: 6 }),
      last: fc.record({ route: fc.constantFrom("AUTO_APPROVE", "WORKFLOW", "REJECT"), workflow: fc.constantFrom(...WORKFLOWS) }),
    })
    .map((v) => {
      const doc = structuredClone(BASE);
      RISK_TIERS.forEach((t, i) => (doc.riskScoring.baseByEntitlementTier[t] = v.base[i]!));
      const cuts = [...v.cuts].sort((a, b) => a - b);
      doc.riskScoring.tiers = [...cuts, 100].map((maxScore, i) => ({ tier: RISK_TIERS[RISK_TIERS.length - 1 - cuts.length + i]!, maxScore }));
      RISK_TIERS.forEach((t, i) => (doc.ttlCapsHours.humansByRiskTier[t] = v.caps[i]!));
      RISK_TIERS.forEach((t, i) => (doc.ttlCapsHours.nonHumansByRiskTier[t] = v.caps[3 - i]!));
      EXCEPTION_TYPES.forEach((t, i) => (doc.ttlCapsHours.byExceptionType[t] = v.exceptionCaps[i]!));
      doc.ttlCapsHours.permanentAllowedForTiers = v.permanent;
      doc.riskScoring.modifiers = v.modifiers.map((m, i) => ({ id: `m-${i}`, when: m.when, add: m.add, reason: "generated" }));
      doc.preApprovedPatterns = v.patterns.map((p, i) => ({ id: `p-${i}`, description: "generated", when: p.when, maxTtlHours: p.cap }));
      const then = (r: { route: string; workflow: string }) =>
        (r.route === "WORKFLOW" ? { route: "WORKFLOW", workflow: r.workflow } : { route: r.route }) as PolicyDocument["rules"][number]["then"];
      doc.rules = [
        ...v.rules.map((r, i) => ({ id: `r-${i}`, description: "generated", when: r.when, then: then(r) })),
        { id: "fallback", description: "generated", when: {}, then: then(v.last) },
      ];
      return doc;
    });
  return validOnly ? docs.filter((doc) => validatePolicyDocument(doc).ok) : docs;
}

const published = (validOnly: boolean) => policyArb(validOnly).map((doc) => publish(doc, 2));
const params = { numRuns: 300 };
const slow = 60_000;

/** How often the guard really had something to decide, so the property is not vacuous. */
const seen = { autoApprovedExceptions: 0, passedOver: 0 };

function exceptionGuardHolds(request: PolicyRequest, context: PolicyContext, policy: PublishedPolicy): boolean {
  const d = evaluatePolicy(request, context, policy);
  if (d.reasons.some((r) => r.code === "EXCEPTION_NOT_AUTO_APPROVED")) seen.passedOver++;
  if (!isException(request) || d.route !== "AUTO_APPROVE") return true;
  seen.autoApprovedExceptions++;
  const rule = policy.document.rules.find((r) => r.id === d.ruleId);
  return request.exceptionType !== null && (rule?.when.exceptionTypes?.includes(request.exceptionType) ?? false);
}

describe("policy invariants", () => {
  it("an exception is never auto-approved unless the deciding rule names its type (valid policies)", () => {
    fc.assert(fc.property(requestArb, contextArb, published(true), exceptionGuardHolds), params);
  }, slow);

  it("the engine holds the exception guard even for documents validation would refuse", () => {
    fc.assert(fc.property(requestArb, contextArb, published(false), exceptionGuardHolds), params);
    expect(seen.autoApprovedExceptions).toBeGreaterThan(0);
    expect(seen.passedOver).toBeGreaterThan(0);
  }, slow);

  it("a granted TTL never exceeds its cap, and the cap never exceeds any of its sources", () => {
    fc.assert(
      fc.property(requestArb, contextArb, published(true), (request, context, policy) => {
        const d = evaluatePolicy(request, context, policy);
        const doc = policy.document;
        const granted = grantedHours(d, request.requestedHours);
        if (d.ttlCapHours === null) {
          expect(request.kind === "REVOKE" || (request.subject.kind === "HUMAN" && !isException(request) && request.entitlement.maxTtlHours === null)).toBe(true);
          if (request.kind !== "REVOKE") expect(doc.ttlCapsHours.permanentAllowedForTiers).toContain(d.riskTier);
          return;
        }
        expect(granted).not.toBeNull();
        expect(granted!).toBeLessThanOrEqual(d.ttlCapHours);
        expect(d.expiryRequired).toBe(true);
        if (request.entitlement.maxTtlHours !== null) expect(d.ttlCapHours).toBeLessThanOrEqual(request.entitlement.maxTtlHours);
        if (request.exceptionType) expect(d.ttlCapHours).toBeLessThanOrEqual(doc.ttlCapsHours.byExceptionType[request.exceptionType]);
        const tierCaps = request.subject.kind === "HUMAN" ? doc.ttlCapsHours.humansByRiskTier : doc.ttlCapsHours.nonHumansByRiskTier;
        expect(d.ttlCapHours).toBeLessThanOrEqual(tierCaps[d.riskTier]);
        const pattern = doc.preApprovedPatterns.find((p) => p.id === d.preApprovedPattern);
        if (pattern?.maxTtlHours) expect(d.ttlCapHours).toBeLessThanOrEqual(pattern.maxTtlHours);
      }),
      params,
    );
  }, slow);

  it("the same inputs always give the same decision, from a cloned policy too", () => {
    fc.assert(
      fc.property(requestArb, contextArb, published(true), (request, context, policy) => {
        const first = evaluatePolicy(request, context, policy);
        expect(evaluatePolicy(request, context, policy)).toEqual(first);
        expect(evaluatePolicy(structuredClone(request), structuredClone(context), structuredClone(policy))).toEqual(first);
        expect(evaluatePolicy(request, context, JSON.parse(JSON.stringify(policy)) as PublishedPolicy)).toEqual(first);
      }),
      params,
    );
  }, slow);

  it("the risk score lies in 0..100 and its tier is the tier table's", () => {
    fc.assert(
      fc.property(requestArb, contextArb, published(true), (request, context, policy) => {
        const d = evaluatePolicy(request, context, policy);
        expect(Number.isInteger(d.riskScore)).toBe(true);
        expect(d.riskScore).toBeGreaterThanOrEqual(0);
        expect(d.riskScore).toBeLessThanOrEqual(100);
        expect(d.riskTier).toBe(policy.document.riskScoring.tiers.find((t) => d.riskScore <= t.maxScore)!.tier);
      }),
      params,
    );
  }, slow);

  it("under version 1, a request that completes a toxic pair is always refused", () => {
    const v1 = publish();
    fc.assert(
      fc.property(requestArb, contextArb, (request, context) => {
        const d = evaluatePolicy(request, context, v1);
        if (d.sodConflicts.length > 0) expect(d).toMatchObject({ route: "REJECT", ruleId: "sod-toxic-pair" });
        for (const c of d.sodConflicts) expect(context.subjectHolds).toContain(c.held);
      }),
      params,
    );
  }, slow);
});
