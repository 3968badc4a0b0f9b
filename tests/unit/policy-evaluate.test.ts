import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { grantedHours } from "@/server/domain/policy/ttl";
import type { PolicyContext } from "@/server/domain/policy/types";
import { editedDoc, makeRequest, nhiSubject, publish, type RequestOverrides } from "./policy-fixtures";

const v1 = publish();
const none: PolicyContext = { subjectHolds: [] };
const decide = (over: RequestOverrides = {}, context = none, policy = v1) => evaluatePolicy(makeRequest(over), context, policy);
const codes = (d: ReturnType<typeof decide>) => d.reasons.map((r) => r.code);

describe("routing under version 1", () => {
  it("everything else goes to the manager (default rule)", () => {
    const d = decide();
    expect(d).toMatchObject({ route: "WORKFLOW", ruleId: "default", workflowKey: "manager-approval", riskScore: 40, riskTier: "MEDIUM" });
    expect(d.policy).toEqual({ id: v1.id, version: 1, contentHash: v1.contentHash });
  });

  it("read-only non-production access for Engineering is pre-approved for at most 8 hours", () => {
    const d = decide({ requestedHours: 72, entitlement: { ref: "staging-db:staging_read", riskTier: "LOW", system: { key: "staging-db", environment: "STAGING" } } });
    expect(d).toMatchObject({ route: "AUTO_APPROVE", ruleId: "pre-approved", preApprovedPattern: "pa-eng-nonprod-read", ttlCapHours: 8, expiryRequired: true });
    expect(grantedHours(d, 72)).toBe(8);
    expect(codes(d)).toContain("PRE_APPROVED_PATTERN");
  });

  it("the same request from Finance is not pre-approved", () => {
    const d = decide({ subject: { department: "Finance" }, entitlement: { riskTier: "LOW", system: { environment: "STAGING" } } });
    expect(d).toMatchObject({ route: "WORKFLOW", ruleId: "default", preApprovedPattern: null });
  });

  it("standard tools are pre-approved without an end date", () => {
    const d = decide({ requestedHours: null, entitlement: { ref: "source-org:repo_read", riskTier: "LOW", scope: { permission: "read" } } });
    expect(d).toMatchObject({ route: "AUTO_APPROVE", preApprovedPattern: "pa-standard-tools", ttlCapHours: null, expiryRequired: false });
    expect(grantedHours(d, null)).toBeNull();
  });

  it("staging roles for an NHI with a backup owner are pre-approved", () => {
    const d = decide({ subject: nhiSubject, entitlement: { riskTier: "LOW", system: { environment: "STAGING" } } });
    expect(d).toMatchObject({ route: "AUTO_APPROVE", preApprovedPattern: "pa-staging-workloads", ttlCapHours: 2160 });
  });

  it("privileged access needs a security review", () => {
    const d = decide({ entitlement: { privileged: true } });
    expect(d).toMatchObject({ route: "WORKFLOW", ruleId: "critical-or-privileged", workflowKey: "security-review", riskScore: 50 });
  });

  it("critical access needs a security review and is capped by the tier", () => {
    const d = decide({ entitlement: { riskTier: "CRITICAL" } });
    expect(d).toMatchObject({ ruleId: "critical-or-privileged", riskScore: 85, riskTier: "CRITICAL", ttlCapHours: 168, expiryRequired: true });
  });

  it("high-risk NHI access goes to the NHI owner and the resource owner", () => {
    const d = decide({ subject: nhiSubject, entitlement: { riskTier: "HIGH" } });
    expect(d).toMatchObject({ ruleId: "nhi-high-risk", workflowKey: "nhi-owner-and-resource-owner", riskScore: 70, riskTier: "HIGH", ttlCapHours: 2160 });
  });

  it("high-risk access for a person needs the manager and the resource owner", () => {
    expect(decide({ entitlement: { riskTier: "HIGH" } })).toMatchObject({ ruleId: "high-risk", workflowKey: "manager-and-owner", ttlCapHours: 720 });
  });

  it("removals never wait and have no duration", () => {
    const d = decide({ kind: "REVOKE", entitlement: { riskTier: "CRITICAL" } });
    expect(d).toMatchObject({ route: "AUTO_APPROVE", ruleId: "revoke-self-service", ttlCapHours: null, expiryRequired: false });
  });

  it("owners rotate their identities' credentials without approval; others do not", () => {
    expect(decide({ kind: "ROTATE", subject: nhiSubject })).toMatchObject({ route: "AUTO_APPROVE", ruleId: "rotate-by-owner" });
    const other = decide({ kind: "ROTATE", subject: { ...nhiSubject, ownerEmail: "owner@acme.example" } });
    expect(other).toMatchObject({ route: "WORKFLOW", ruleId: "default" });
  });

  it("exceptions go to their workflows, with their caps and evidence", () => {
    const emergency = decide({ kind: "EXCEPTION", exceptionType: "EMERGENCY", requestedHours: 12, entitlement: { riskTier: "HIGH" } });
    expect(emergency).toMatchObject({ ruleId: "emergency-break-glass", workflowKey: "break-glass", ttlCapHours: 4, expiryRequired: true, followUpReviewWithinHours: 24 });
    expect(emergency.requiredEvidence).toEqual(["verify-readback", "follow-up-review", "session-log"]);
    expect(grantedHours(emergency, 12)).toBe(4);
    const vendor = decide({ kind: "EXCEPTION", exceptionType: "VENDOR" });
    expect(vendor).toMatchObject({ ruleId: "vendor-session", workflowKey: "vendor-sponsor", ttlCapHours: 8, followUpReviewWithinHours: null });
    expect(vendor.requiredEvidence).toContain("sponsor-confirmation");
    const automation = decide({ kind: "EXCEPTION", exceptionType: "AUTOMATION", subject: nhiSubject, requestedHours: null });
    expect(automation).toMatchObject({ ruleId: "automation-onboarding", ttlCapHours: 720, expiryRequired: true });
  });
});

describe("risk scoring", () => {
  it("adds each matching modifier to the base and explains it", () => {
    const d = decide({ subject: nhiSubject, kind: "EXCEPTION", exceptionType: "AUTOMATION", requestedHours: 4320, entitlement: { privileged: true, scope: { privileges: ["ALL"] } } });
    // 35 base + privileged 10 + production 5 + NHI 5 + exception 10 + privileged scope 5 + long duration 5
    expect(d.riskScore).toBe(75);
    expect(d.riskTier).toBe("HIGH");
    expect(d.reasons.filter((r) => r.code === "RISK_MODIFIER")).toHaveLength(6);
  });

  it("clamps the score to 0..100", () => {
    const high = publish(editedDoc((doc) => void doc.riskScoring.modifiers.push({ id: "huge", when: {}, add: 100, reason: "always" })));
    expect(decide({}, none, high)).toMatchObject({ riskScore: 100, riskTier: "CRITICAL" });
    const low = publish(editedDoc((doc) => void doc.riskScoring.modifiers.push({ id: "discount", when: {}, add: -100, reason: "always" })));
    expect(decide({}, none, low)).toMatchObject({ riskScore: 0, riskTier: "LOW" });
  });

  it("reads the tier from the policy's tier table", () => {
    const strict = publish(editedDoc((doc) => void (doc.riskScoring.tiers = [{ tier: "HIGH", maxScore: 39 }, { tier: "CRITICAL", maxScore: 100 }])));
    expect(decide({}, none, strict)).toMatchObject({ riskScore: 40, riskTier: "CRITICAL" });
  });
});

describe("TTL caps", () => {
  it("take the smallest of entitlement, tier, exception and deciding-pattern caps", () => {
    expect(decide({ entitlement: { riskTier: "HIGH", maxTtlHours: 168 } }).ttlCapHours).toBe(168);
    expect(decide({ entitlement: { riskTier: "HIGH", maxTtlHours: 5000 } }).ttlCapHours).toBe(720);
    expect(decide({ kind: "EXCEPTION", exceptionType: "AUTOMATION", entitlement: { maxTtlHours: 100 } }).ttlCapHours).toBe(100);
  });

  it("allow no end date only for people in a permanent tier without an entitlement cap", () => {
    expect(decide({ requestedHours: null }).ttlCapHours).toBeNull();
    expect(decide({ requestedHours: null }).expiryRequired).toBe(false);
    expect(decide({ requestedHours: 48 }).expiryRequired).toBe(true);
    expect(decide({ requestedHours: null, entitlement: { maxTtlHours: 720 } }).ttlCapHours).toBe(720);
    expect(decide({ requestedHours: null, subject: { ...nhiSubject, ownerEmail: "x@acme.example" } }).ttlCapHours).toBe(2160);
  });

  it("a matching pattern's cap applies only when the pattern decides", () => {
    const doc = editedDoc((d) => {
      d.rules.unshift({ id: "staging-to-manager", description: "Staging first", when: { environments: ["STAGING"] }, then: { route: "WORKFLOW", workflow: "manager-approval" } });
    });
    const d = decide({ requestedHours: null, entitlement: { riskTier: "LOW", system: { environment: "STAGING" } } }, none, publish(doc));
    expect(d).toMatchObject({ ruleId: "staging-to-manager", preApprovedPattern: null, ttlCapHours: null });
    expect(d.reasons.find((r) => r.code === "PRE_APPROVED_PATTERN")?.message).toMatch(/did not decide/);
  });

  it("the first matching pattern is the one that counts", () => {
    const doc = editedDoc((d) => {
      d.preApprovedPatterns.unshift({ id: "pa-first", description: "Staging, 2 hours", when: { environments: ["STAGING"] }, maxTtlHours: 2 });
    });
    const d = decide({ entitlement: { riskTier: "LOW", system: { environment: "STAGING" } } }, none, publish(doc));
    expect(d).toMatchObject({ preApprovedPattern: "pa-first", ttlCapHours: 2 });
  });
});

describe("separation of duties", () => {
  const initiate = { ref: "payments-api:payments_initiate", riskTier: "HIGH" as const };

  it("refuses access that completes a toxic pair and names the pair", () => {
    const d = decide({ entitlement: initiate }, { subjectHolds: ["payments-api:payments_approve"] });
    expect(d).toMatchObject({ route: "REJECT", ruleId: "sod-toxic-pair", workflowKey: null, requiredEvidence: [] });
    expect(d.sodConflicts).toEqual([
      { ruleId: "sod-payments-maker-checker", description: "Nobody both initiates and approves payments.", held: "payments-api:payments_approve", requested: initiate.ref },
    ]);
    expect(codes(d)).toContain("SOD_CONFLICT");
  });

  it("finds the pair from either side, and only when the other side is held", () => {
    expect(decide({ entitlement: { ref: "payments-api:payments_approve" } }, { subjectHolds: [initiate.ref] }).sodConflicts).toHaveLength(1);
    expect(decide({ entitlement: initiate }, { subjectHolds: ["crm:viewer"] }).sodConflicts).toEqual([]);
  });

  it("never blocks removing access", () => {
    const d = decide({ kind: "REVOKE", entitlement: initiate }, { subjectHolds: ["payments-api:payments_approve"] });
    expect(d).toMatchObject({ route: "AUTO_APPROVE", sodConflicts: [] });
  });
});

describe("required evidence", () => {
  it("always a read-back; an attestation for manual systems", () => {
    expect(decide().requiredEvidence).toEqual(["verify-readback"]);
    expect(decide({ entitlement: { system: { connectorType: "MANUAL" } } }).requiredEvidence).toEqual(["verify-readback", "attestation"]);
  });
});

describe("exceptions are auto-approved only by rules that name them", () => {
  it("passes over a broad auto-approval and says so", () => {
    const doc = editedDoc((d) => {
      d.rules.unshift({ id: "auto-production", description: "Broad", when: { environments: ["PRODUCTION"] }, then: { route: "AUTO_APPROVE" } });
    });
    expect(decide({}, none, publish(doc)).route).toBe("AUTO_APPROVE");
    const d = decide({ kind: "EXCEPTION", exceptionType: "EMERGENCY" }, none, publish(doc));
    expect(d).toMatchObject({ route: "WORKFLOW", ruleId: "emergency-break-glass" });
    expect(codes(d)).toContain("EXCEPTION_NOT_AUTO_APPROVED");
  });

  it("auto-approves when the rule names the exception type", () => {
    const doc = editedDoc((d) => {
      d.rules.unshift({ id: "auto-automation", description: "Staging onboarding", when: { exceptionTypes: ["AUTOMATION"] }, then: { route: "AUTO_APPROVE" } });
    });
    expect(decide({ kind: "EXCEPTION", exceptionType: "AUTOMATION" }, none, publish(doc))).toMatchObject({ route: "AUTO_APPROVE", ruleId: "auto-automation" });
    expect(decide({ kind: "EXCEPTION", exceptionType: "VENDOR" }, none, publish(doc)).ruleId).toBe("vendor-session");
  });

  it("falls back to the exception type's workflow when only auto-approvals match", () => {
    const doc = editedDoc((d) => {
      d.rules = [{ id: "approve-all", description: "Everything", when: {}, then: { route: "AUTO_APPROVE" } }];
    });
    const d = decide({ kind: "EXCEPTION", exceptionType: "VENDOR" }, none, publish(doc));
    expect(d).toMatchObject({ route: "WORKFLOW", ruleId: "exceptionTypes.VENDOR", workflowKey: "vendor-sponsor" });
  });
});

describe("reasons", () => {
  it("explain the risk, the rule, the workflow and the cap to an auditor", () => {
    const d = decide({ entitlement: { riskTier: "HIGH" } });
    expect(codes(d)).toEqual(["RISK_BASE", "RISK_MODIFIER", "RISK_SCORE", "RULE", "WORKFLOW", "TTL_CAP", "EVIDENCE"]);
    expect(d.reasons.find((r) => r.code === "RULE")?.message).toContain("high-risk");
    expect(d.reasons.find((r) => r.code === "WORKFLOW")?.message).toContain("Manager (quorum 1, 24 h) -> Resource owner (quorum 1, 48 h)");
    expect(d.reasons.find((r) => r.code === "TTL_CAP")?.message).toBe("Access may last at most 720 h (cap set by people at tier HIGH).");
  });
});

describe("reasons of a refusal", () => {
  it("end with the rule that refused", () => {
    const d = decide({ entitlement: { ref: "payments-api:payments_initiate" } }, { subjectHolds: ["payments-api:payments_approve"] });
    expect(d.reasons.at(-1)).toMatchObject({ code: "RULE" });
    expect(d.reasons.at(-1)?.message).toContain("sod-toxic-pair");
  });
});
