import { describe, expect, it } from "vitest";
import { POLICY_V1_DOCUMENT } from "@/server/domain/policy/default-document";
import { policyContentHash } from "@/server/domain/policy/hash";
import { formatPath, validatePolicyDocument, type PolicyDocument } from "@/server/domain/policy/schema";
import { defaultDoc, editedDoc } from "./policy-fixtures";

const plain = () => JSON.parse(JSON.stringify(POLICY_V1_DOCUMENT)) as Record<string, unknown>;

function errorsOf(doc: unknown) {
  const result = validatePolicyDocument(doc);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

function expectError(edit: (doc: PolicyDocument) => void, path: string, rule: string) {
  const errors = errorsOf(editedDoc(edit));
  expect(errors).toContainEqual(expect.objectContaining({ path, rule }));
}

describe("policy document validation", () => {
  it("accepts the default document, which is version 1", () => {
    const result = validatePolicyDocument(plain());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.rules.at(-1)?.id).toBe("default");
  });

  it("fills the requests section with its defaults when it is left out", () => {
    const { requests: _requests, ...rest } = plain();
    const result = validatePolicyDocument(rest);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.requests).toEqual({
      justification: { minLength: 30, refusedPhrases: ["need access", "please", "asap", "for work", "n/a", "test"], minDistinctWords: 5 },
      onBehalfOf: { managersForReports: true, sameDepartment: false },
      maxRequestedHours: 8760,
    });
  });

  it("formats paths the way an editor shows them", () => {
    expect(formatPath(["rules", 3, "then", "workflow"])).toBe("rules[3].then.workflow");
    expect(formatPath([])).toBe("");
  });

  it("names the path and the zod rule of a shape error", () => {
    const doc = plain() as { rules: { then: { workflow: unknown } }[] };
    doc.rules[3]!.then.workflow = 42;
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ path: "rules[3].then.workflow", rule: "invalid_type" }));
  });

  it("refuses an unknown condition member instead of ignoring it", () => {
    const doc = plain() as { rules: { when: Record<string, unknown> }[] };
    doc.rules[1]!.when.kind = ["GRANT"];
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ path: "rules[1].when", rule: "unrecognized_keys" }));
  });

  it("refuses a quorum below 1, an SLA of 0 hours and non-positive TTL caps", () => {
    expectError((d) => void (d.workflows[0]!.stages[0]!.quorum = 0), "workflows[0].stages[0].quorum", "too_small");
    expectError((d) => void (d.workflows[0]!.stages[0]!.slaHours = 0), "workflows[0].stages[0].slaHours", "too_small");
    expectError((d) => void (d.ttlCapsHours.humansByRiskTier.HIGH = 0), "ttlCapsHours.humansByRiskTier.HIGH", "too_small");
    expectError((d) => void (d.ttlCapsHours.byExceptionType.EMERGENCY = -4), "ttlCapsHours.byExceptionType.EMERGENCY", "too_small");
    expectError((d) => void (d.preApprovedPatterns[0]!.maxTtlHours = 0), "preApprovedPatterns[0].maxTtlHours", "too_small");
  });
});

describe("cross-reference checks", () => {
  it("every rule's workflow exists", () => {
    expectError((d) => void (d.rules[3]!.then.workflow = "nope"), "rules[3].then.workflow", "workflow-exists");
  });

  it("a workflow route names a workflow; other routes name none", () => {
    expectError((d) => void delete d.rules[3]!.then.workflow, "rules[3].then.workflow", "workflow-required");
    expectError((d) => void (d.rules[1]!.then.workflow = "manager-approval"), "rules[1].then.workflow", "workflow-not-allowed");
  });

  it("every exception type's workflow exists", () => {
    expectError((d) => void (d.exceptionTypes.VENDOR.workflow = "nope"), "exceptionTypes.VENDOR.workflow", "workflow-exists");
  });

  it("every stage's group exists, for approvers and escalation", () => {
    expectError((d) => void (d.groups = {}), "workflows[2].stages[1].approvers.group", "group-exists");
    expectError(
      (d) => void (d.workflows[0]!.stages[0]!.escalateTo = { type: "group", group: "missing" }),
      "workflows[0].stages[0].escalateTo.group",
      "group-exists",
    );
  });

  it("a quorum can be reached by the group or the named users", () => {
    expectError((d) => void (d.workflows[2]!.stages[1]!.quorum = 9), "workflows[2].stages[1].quorum", "quorum-reachable");
    expectError(
      (d) => void (d.workflows[0]!.stages[0] = { name: "Two", approvers: { type: "users", emails: ["a@acme.example"] }, quorum: 2, slaHours: 8 }),
      "workflows[0].stages[0].quorum",
      "quorum-reachable",
    );
  });

  it("ids are unique in rules, modifiers, patterns, toxic pairs and workflow keys", () => {
    expectError((d) => void (d.rules[2]!.id = d.rules[1]!.id), "rules[2].id", "unique-id");
    expectError((d) => void (d.riskScoring.modifiers[1]!.id = "privileged"), "riskScoring.modifiers[1].id", "unique-id");
    expectError((d) => void (d.preApprovedPatterns[1]!.id = "pa-eng-nonprod-read"), "preApprovedPatterns[1].id", "unique-id");
    expectError((d) => void (d.separationOfDuties.toxicPairs[2]!.id = "sod-refunds"), "separationOfDuties.toxicPairs[2].id", "unique-id");
    expectError((d) => void (d.workflows[1]!.key = "manager-approval"), "workflows[1].key", "unique-id");
  });

  it("entitlement references look like system:key, in rules, patterns and toxic pairs", () => {
    expectError((d) => void (d.preApprovedPatterns[1]!.when.entitlements = ["repo_read"]), "preApprovedPatterns[1].when.entitlements[0]", "entitlement-ref");
    expectError((d) => void (d.rules[7]!.when.anyOf![0] = { entitlements: ["a:b:c"] }), "rules[7].when.anyOf[0].entitlements[0]", "entitlement-ref");
    expectError((d) => void (d.separationOfDuties.toxicPairs[0]!.entitlements[1] = "payments"), "separationOfDuties.toxicPairs[0].entitlements[1]", "entitlement-ref");
    expectError(
      (d) => void (d.separationOfDuties.toxicPairs[0]!.entitlements = ["a:b", "a:b"]),
      "separationOfDuties.toxicPairs[0].entitlements",
      "toxic-pair-distinct",
    );
  });

  it("risk tiers increase strictly, in order, and the last ends at 100", () => {
    expectError((d) => void (d.riskScoring.tiers[2]!.maxScore = 54), "riskScoring.tiers[2].maxScore", "tiers-increasing");
    expectError((d) => void (d.riskScoring.tiers[3]!.maxScore = 99), "riskScoring.tiers[3].maxScore", "tiers-end-at-100");
    expectError((d) => void (d.riskScoring.tiers[1]!.tier = "LOW"), "riskScoring.tiers[1].tier", "tiers-ordered");
  });

  it("the last rule matches everything, and only the last", () => {
    expectError((d) => void (d.rules.at(-1)!.when = { kinds: ["GRANT"] }), "rules[10].when", "default-rule-last");
    expectError((d) => void (d.rules[4]!.when = {}), "rules[4].when", "rule-unreachable");
  });

  it("an auto-approval that targets exceptions names their types", () => {
    expectError(
      (d) => void d.rules.splice(1, 0, { id: "auto-exceptions", description: "x", when: { kinds: ["EXCEPTION"] }, then: { route: "AUTO_APPROVE" } }),
      "rules[1].when.exceptionTypes",
      "exception-auto-approve-explicit",
    );
    const ok = validatePolicyDocument(
      editedDoc((d) => void d.rules.splice(1, 0, { id: "auto-automation", description: "x", when: { kinds: ["EXCEPTION"], exceptionTypes: ["AUTOMATION"] }, then: { route: "AUTO_APPROVE" } })),
    );
    expect(ok.ok).toBe(true);
  });

  it("conditions use only facts known where they are evaluated, with a sane tier range", () => {
    expectError((d) => void (d.riskScoring.modifiers[0]!.when = { minRiskTier: "HIGH" }), "riskScoring.modifiers[0].when.minRiskTier", "condition-not-allowed");
    expectError((d) => void (d.preApprovedPatterns[0]!.when.preApprovedPattern = true), "preApprovedPatterns[0].when.preApprovedPattern", "condition-not-allowed");
    expectError((d) => void (d.rules[9]!.when = { minRiskTier: "CRITICAL", maxRiskTier: "LOW" }), "rules[9].when.maxRiskTier", "tier-range");
  });
});

describe("content hash", () => {
  it("is the SHA-256 of the canonical document, independent of key order", () => {
    const doc = defaultDoc();
    const shuffled = Object.fromEntries(Object.entries(doc).reverse()) as PolicyDocument;
    expect(policyContentHash(doc)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyContentHash(shuffled)).toBe(policyContentHash(doc));
    expect(policyContentHash(editedDoc((d) => void (d.name = "Changed")))).not.toBe(policyContentHash(doc));
  });
});
