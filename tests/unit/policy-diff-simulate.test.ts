import { describe, expect, it } from "vitest";
import { diffPolicies } from "@/server/domain/policy/diff";
import { simulatePolicyChange, type SimulationCase } from "@/server/domain/policy/simulate";
import { defaultDoc, editedDoc, makeRequest, nhiSubject, publish } from "./policy-fixtures";

describe("diffPolicies", () => {
  it("finds nothing between a document and its copy", () => {
    expect(diffPolicies(defaultDoc(), defaultDoc())).toEqual([]);
  });

  it("names a changed member by the id of its rule", () => {
    const after = editedDoc((d) => void (d.rules.find((r) => r.id === "high-risk")!.then.workflow = "security-review"));
    expect(diffPolicies(defaultDoc(), after)).toEqual([
      { path: "rules[id=high-risk].then.workflow", kind: "changed", before: "manager-and-owner", after: "security-review" },
    ]);
  });

  it("shows moving a rule as one move, not as a change of every rule", () => {
    const after = editedDoc((d) => {
      const [rule] = d.rules.splice(9, 1);
      d.rules.splice(1, 0, rule!);
    });
    expect(diffPolicies(defaultDoc(), after)).toEqual([{ path: "rules[id=high-risk]", kind: "moved", before: 9, after: 1 }]);
  });

  it("reports added and removed elements, keys and sections", () => {
    const after = editedDoc((d) => {
      d.separationOfDuties.toxicPairs = d.separationOfDuties.toxicPairs.filter((p) => p.id !== "sod-refunds");
      d.preApprovedPatterns.push({ id: "pa-new", description: "New", when: { kinds: ["GRANT"] }, maxTtlHours: 4 });
      d.groups["incident-commanders"] = { description: "IC", members: ["ic@acme.example"] };
      delete d.ttlCapsHours.note;
    });
    const changes = diffPolicies(defaultDoc(), after);
    expect(changes.map((c) => [c.kind, c.path])).toEqual([
      ["removed", "ttlCapsHours.note"],
      ["added", "preApprovedPatterns[id=pa-new]"],
      ["added", "groups.incident-commanders"],
      ["removed", "separationOfDuties.toxicPairs[id=sod-refunds]"],
    ]);
  });

  it("matches tiers by tier, workflows by key and stages by position; lists of values change as a whole", () => {
    const after = editedDoc((d) => {
      d.riskScoring.tiers.find((t) => t.tier === "HIGH")!.maxScore = 74;
      d.workflows.find((w) => w.key === "security-review")!.stages[1]!.quorum = 1;
      d.ttlCapsHours.permanentAllowedForTiers = ["LOW"];
    });
    expect(diffPolicies(defaultDoc(), after)).toEqual([
      { path: "riskScoring.tiers[tier=HIGH].maxScore", kind: "changed", before: 79, after: 74 },
      { path: "ttlCapsHours.permanentAllowedForTiers", kind: "changed", before: ["LOW", "MEDIUM"], after: ["LOW"] },
      { path: "workflows[key=security-review].stages[1].quorum", kind: "changed", before: 2, after: 1 },
    ]);
  });
});

describe("simulatePolicyChange", () => {
  const cases: SimulationCase[] = [
    { ticketId: "t1", number: 1, request: makeRequest({ entitlement: { riskTier: "HIGH" } }), context: { subjectHolds: [] } },
    { ticketId: "t2", number: 2, request: makeRequest(), context: { subjectHolds: [] } },
    { ticketId: "t3", number: 3, request: makeRequest({ subject: nhiSubject, entitlement: { riskTier: "LOW", system: { environment: "STAGING" } } }), context: { subjectHolds: [] } },
  ];

  it("changes nothing when the draft equals the current version", () => {
    expect(simulatePolicyChange(cases, publish(), publish(defaultDoc(), 2))).toEqual({ evaluated: 3, changed: [] });
  });

  it("lists each changed decision with what changed", () => {
    const draft = editedDoc((d) => {
      d.rules.find((r) => r.id === "high-risk")!.then.workflow = "security-review";
      d.preApprovedPatterns.find((p) => p.id === "pa-staging-workloads")!.maxTtlHours = 720;
    });
    const result = simulatePolicyChange(cases, publish(), publish(draft, 2));
    expect(result.evaluated).toBe(3);
    expect(result.changed).toEqual([
      {
        ticketId: "t1",
        number: 1,
        before: { route: "WORKFLOW", ruleId: "high-risk", workflowKey: "manager-and-owner", riskTier: "HIGH", ttlCapHours: 720, preApprovedPattern: null, breakGlass: false },
        after: { route: "WORKFLOW", ruleId: "high-risk", workflowKey: "security-review", riskTier: "HIGH", ttlCapHours: 720, preApprovedPattern: null, breakGlass: false },
        what: ["workflowKey: manager-and-owner -> security-review"],
      },
      {
        ticketId: "t3",
        number: 3,
        before: { route: "AUTO_APPROVE", ruleId: "pre-approved", workflowKey: null, riskTier: "LOW", ttlCapHours: 2160, preApprovedPattern: "pa-staging-workloads", breakGlass: false },
        after: { route: "AUTO_APPROVE", ruleId: "pre-approved", workflowKey: null, riskTier: "LOW", ttlCapHours: 720, preApprovedPattern: "pa-staging-workloads", breakGlass: false },
        what: ["ttlCapHours: 2160 -> 720"],
      },
    ]);
  });
});
