import { describe, expect, it } from "vitest";
import type { RiskTier } from "@/server/db/generated/client";
import { matchesCondition, type ConditionFacts } from "@/server/domain/policy/conditions";
import type { PolicyCondition } from "@/server/domain/policy/schema";
import { makeRequest, nhiSubject, type RequestOverrides } from "./policy-fixtures";

function facts(over: RequestOverrides = {}, extra: Partial<Omit<ConditionFacts, "request">> = {}): ConditionFacts {
  return { request: makeRequest(over), riskTier: "MEDIUM" as RiskTier, sodConflict: false, preApprovedPattern: false, ...extra };
}

const cases: [string, PolicyCondition, ConditionFacts, ConditionFacts][] = [
  ["kinds", { kinds: ["REVOKE"] }, facts({ kind: "REVOKE" }), facts({ kind: "GRANT" })],
  ["exceptionTypes", { exceptionTypes: ["VENDOR"] }, facts({ kind: "EXCEPTION", exceptionType: "VENDOR" }), facts({ kind: "EXCEPTION", exceptionType: "EMERGENCY" })],
  ["exceptionTypes without an exception", { exceptionTypes: ["VENDOR"] }, facts({ kind: "EXCEPTION", exceptionType: "VENDOR" }), facts()],
  ["subjectKinds", { subjectKinds: ["NHI"] }, facts({ subject: nhiSubject }), facts()],
  ["environments", { environments: ["STAGING"] }, facts({ entitlement: { system: { environment: "STAGING" } } }), facts()],
  ["connectorTypes", { connectorTypes: ["MANUAL"] }, facts({ entitlement: { system: { connectorType: "MANUAL" } } }), facts()],
  ["departments", { departments: ["Engineering"] }, facts(), facts({ subject: { department: "Finance" } })],
  ["departments never match an NHI", { departments: ["Engineering"] }, facts(), facts({ subject: { ...nhiSubject, department: "Engineering" } })],
  ["entitlements", { entitlements: ["orders-db:orders_read"] }, facts(), facts({ entitlement: { ref: "orders-db:orders_write" } })],
  ["systems", { systems: ["orders-db"] }, facts(), facts({ entitlement: { system: { key: "crm" } } })],
  ["scopePrivilegesWithin", { scopePrivilegesWithin: ["SELECT", "USAGE"] }, facts(), facts({ entitlement: { scope: { privileges: ["SELECT", "INSERT"] } } })],
  ["scopePrivilegesWithin needs privileges", { scopePrivilegesWithin: ["SELECT"] }, facts(), facts({ entitlement: { scope: { permissionSet: "ReadOnly" } } })],
  ["scopePrivilegesAny", { scopePrivilegesAny: ["ALL", "DROP"] }, facts({ entitlement: { scope: { privileges: ["CREATE", "DROP"] } } }), facts()],
  ["privileged", { privileged: true }, facts({ entitlement: { privileged: true } }), facts()],
  ["privileged: false", { privileged: false }, facts(), facts({ entitlement: { privileged: true } })],
  ["minRiskTier", { minRiskTier: "HIGH" }, facts({}, { riskTier: "CRITICAL" }), facts({}, { riskTier: "MEDIUM" })],
  ["maxRiskTier", { maxRiskTier: "MEDIUM" }, facts({}, { riskTier: "LOW" }), facts({}, { riskTier: "HIGH" })],
  ["risk tier unknown never matches", { maxRiskTier: "CRITICAL" }, facts(), facts({}, { riskTier: null })],
  ["minRequestedHours", { minRequestedHours: 720 }, facts({ requestedHours: 720 }), facts({ requestedHours: 719 })],
  ["minRequestedHours ignores open-ended requests", { minRequestedHours: 720 }, facts({ requestedHours: 9000 }), facts({ requestedHours: null })],
  ["openEnded", { openEnded: true }, facts({ requestedHours: null }), facts({ requestedHours: 8 })],
  ["requireBackupOwner", { requireBackupOwner: true }, facts({ subject: nhiSubject }), facts({ subject: { ...nhiSubject, backupOwnerEmail: null } })],
  ["requesterIsOwner", { requesterIsOwner: true }, facts({ subject: nhiSubject }), facts({ subject: { ...nhiSubject, ownerEmail: "someone@acme.example" } })],
  ["requesterIsOwner: false", { requesterIsOwner: false }, facts(), facts({ subject: nhiSubject })],
  ["sodConflict", { sodConflict: true }, facts({}, { sodConflict: true }), facts()],
  ["preApprovedPattern", { preApprovedPattern: true }, facts({}, { preApprovedPattern: true }), facts({}, { preApprovedPattern: null })],
  ["anyOf", { anyOf: [{ privileged: true }, { minRiskTier: "CRITICAL" }] }, facts({}, { riskTier: "CRITICAL" }), facts()],
  ["members are combined with AND", { kinds: ["GRANT"], environments: ["STAGING"] }, facts({ entitlement: { system: { environment: "STAGING" } } }), facts()],
  ["anyOf and other members together", { kinds: ["GRANT"], anyOf: [{ privileged: true }] }, facts({ entitlement: { privileged: true } }), facts({ kind: "MODIFY", entitlement: { privileged: true } })],
];

describe("conditions", () => {
  it.each(cases)("%s", (_name, when, yes, no) => {
    expect(matchesCondition(when, yes)).toBe(true);
    expect(matchesCondition(when, no)).toBe(false);
  });

  it("an empty condition matches everything", () => {
    expect(matchesCondition({}, facts())).toBe(true);
    expect(matchesCondition({}, facts({ kind: "EXCEPTION", exceptionType: "EMERGENCY", subject: nhiSubject }, { riskTier: null }))).toBe(true);
  });

  it("compares owner e-mails without regard to case", () => {
    expect(matchesCondition({ requesterIsOwner: true }, facts({ subject: { ...nhiSubject, ownerEmail: "Riley.Requester@ACME.example" } }))).toBe(true);
  });
});
