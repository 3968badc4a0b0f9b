import { describe, expect, it } from "vitest";
import { answersFor, type AnswerFacts } from "@/server/domain/evidence/ticket-view-answers";
import { compareScopes, describeEvent } from "@/server/domain/evidence/ticket-view-words";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-06-01T00:00:00Z");

function facts(overrides: Partial<AnswerFacts> = {}): AnswerFacts {
  return {
    kind: "GRANT",
    actsOn: null,
    review: null,
    status: "CLOSED",
    approvals: [
      { position: 0, name: "Manager", status: "APPROVED", decisions: [{ approver: { name: "Avery Approver" }, onBehalfOf: null, outcome: "APPROVE", at: at("2026-05-01T10:00:00Z") }] },
      { position: 1, name: "Security review", status: "APPROVED", decisions: [{ approver: { name: "Dana Delegate" }, onBehalfOf: { name: "Sam Security" }, outcome: "APPROVE", at: at("2026-05-01T11:00:00Z") }] },
    ],
    policy: { version: 3, contentHash: "ab".repeat(32), ruleId: "privileged", route: "WORKFLOW", workflow: { name: "Manager, then security" } },
    expiry: { requested: at("2026-05-10T00:00:00Z"), approved: at("2026-05-08T00:00:00Z"), granted: [at("2026-05-08T00:00:00Z")] },
    grants: [{ status: "REVOKED", revokedAt: at("2026-05-05T00:00:00Z"), expiresAt: at("2026-05-08T00:00:00Z") }],
    evidence: [
      { kind: "GRANTED", connectorType: "POSTGRES", summary: "granted: role present", verifiedAt: at("2026-05-01T12:00:00Z") },
      { kind: "REVOKED", connectorType: "POSTGRES", summary: "revoked: role absent", verifiedAt: at("2026-05-05T00:00:00Z") },
    ],
    integrity: { ok: true, checked: 12, altered: 0, broken: 0, headSeq: "900", firstSeq: "10", lastSeq: "40", problems: [] },
    ...overrides,
  };
}

const answer = (f: AnswerFacts, key: string) => answersFor(f, NOW).find((a) => a.key === key)!;

describe("answersFor", () => {
  it("answers the five questions in order", () => {
    expect(answersFor(facts(), NOW).map((a) => a.key)).toEqual(["approved", "policy", "duration", "removed", "integrity"]);
  });

  it("names each approver with their stage, counted from 1, and on whose behalf", () => {
    const a = answer(facts(), "approved");
    expect(a.answer).toBe("Avery Approver (stage 1, Manager); Dana Delegate on behalf of Sam Security (stage 2, Security review).");
    expect(a.tone).toBe("good");
  });

  it("says when no person approved: auto-approval, refusal, denial", () => {
    expect(answer(facts({ approvals: [], policy: { ...facts().policy, route: "AUTO_APPROVE", ruleId: "low-risk-read" } }), "approved").answer).toBe(
      "No person: auto-approved by the policy under rule low-risk-read.",
    );
    const denied = facts({ approvals: [{ position: 0, name: "Manager", status: "DENIED", decisions: [{ approver: { name: "Avery Approver" }, onBehalfOf: null, outcome: "DENY", at: NOW }] }] });
    expect(answer(denied, "approved")).toMatchObject({ answer: "Denied by Avery Approver (stage 1, Manager).", tone: "attention" });
    const breakGlass = facts({ approvals: [], review: { number: "AR-000303", status: "CLOSED" }, policy: { ...facts().policy, route: "AUTO_APPROVE", ruleId: "emergency-break-glass" } });
    expect(answer(breakGlass, "approved").answer).toBe("Nobody before use: granted at once under break-glass (rule emergency-break-glass). Follow-up review: AR-000303 (closed).");
    const pending = facts({ status: "PENDING_APPROVAL", approvals: [{ position: 0, name: "Manager", status: "PENDING", decisions: [] }] });
    expect(answer(pending, "approved")).toMatchObject({ answer: "Nobody yet: waiting on stage 1 (Manager).", tone: "neutral" });
  });

  it("names the policy version, its hash, the rule and the workflow", () => {
    expect(answer(facts(), "policy").answer).toBe(`Version 3 (sha256 ${"ab".repeat(6)}…), rule privileged, workflow Manager, then security.`);
    expect(answer(facts({ policy: { version: null, contentHash: null, ruleId: null, route: null, workflow: null } }), "policy").tone).toBe("neutral");
  });

  it("gives requested, approved and granted expiry, and flags a grant that outlives its approval", () => {
    expect(answer(facts(), "duration").answer).toBe("Requested until 10 May 2026, 00:00 UTC; approved until 8 May 2026, 00:00 UTC; granted until 8 May 2026, 00:00 UTC.");
    const same = facts({ expiry: { requested: at("2026-05-10T00:00:00Z"), approved: at("2026-05-10T00:00:00Z"), granted: [at("2026-05-11T00:00:00Z")] } });
    expect(answer(same, "duration")).toMatchObject({ answer: expect.stringContaining("approved as asked"), tone: "attention" });
    expect(answer(facts({ kind: "REVOKE", actsOn: "AR-000012", expiry: { requested: null, approved: null, granted: [] } }), "duration")).toMatchObject({
      answer: "It removes access granted by AR-000012 and grants none of its own.",
      tone: "neutral",
    });
    const undecided = facts({ expiry: { requested: at("2026-05-10T00:00:00Z"), approved: null, granted: [] } });
    expect(answer(undecided, "duration").answer).toBe("Requested until 10 May 2026, 00:00 UTC; not approved; nothing granted.");
  });

  it("says removed only with read-back evidence", () => {
    expect(answer(facts(), "removed")).toMatchObject({ answer: "Yes, read back from the target on 5 May 2026, 00:00 UTC: role absent", tone: "good" });
    expect(answer(facts({ evidence: [] }), "removed")).toMatchObject({ answer: expect.stringMatching(/no read-back/), tone: "attention" });
    const active = facts({ evidence: [], grants: [{ status: "ACTIVE", revokedAt: null, expiresAt: at("2026-07-01T00:00:00Z") }] });
    expect(answer(active, "removed").answer).toBe("No, still active until 1 Jul 2026, 00:00 UTC.");
    const overdue = facts({ evidence: [], grants: [{ status: "ACTIVE", revokedAt: null, expiresAt: at("2026-05-01T00:00:00Z") }] });
    expect(answer(overdue, "removed").tone).toBe("attention");
    expect(answer(facts({ evidence: [], grants: [] }), "removed").answer).toBe("Nothing to remove: no access was granted.");
  });

  it("states the integrity result with the chain position, or names the failing events", () => {
    expect(answer(facts(), "integrity").answer).toBe("No: all 12 audit events match their hashes and links (seq 10–40 of 900 in the chain).");
    const broken = facts({ integrity: { ...facts().integrity, ok: false, altered: 1, problems: [{ seq: "12", integrity: "content altered" }] } });
    expect(answer(broken, "integrity")).toMatchObject({ answer: "Yes: 1 of 12 events fail the check (seq 12 content altered).", tone: "attention" });
  });
});

describe("compareScopes", () => {
  it("lines up the keys of every column and marks the ones that differ", () => {
    const rows = compareScopes({ role: "read", schema: "orders" }, { role: "read", schema: "orders_eu" }, [{ role: "read", schema: "orders_eu", grantee: "svc" }]);
    expect(rows).toEqual([
      { key: "grantee", requested: null, approved: null, granted: ['"svc"'], differs: true },
      { key: "role", requested: '"read"', approved: '"read"', granted: ['"read"'], differs: false },
      { key: "schema", requested: '"orders"', approved: '"orders_eu"', granted: ['"orders_eu"'], differs: true },
    ]);
  });

  it("compares without grants, and treats a non-object scope as empty", () => {
    expect(compareScopes({ a: 1 }, { a: 1 }, [])).toEqual([{ key: "a", requested: "1", approved: "1", granted: [], differs: false }]);
    expect(compareScopes(null, null, [])).toEqual([]);
  });
});

describe("describeEvent", () => {
  it("words the facts an auditor looks for", () => {
    const names = new Map([["u-2", "Sam Security"]]);
    expect(describeEvent("approval.approved", { stage: "Manager", position: 0, comment: "Fine", onBehalfOfId: "u-2" }, names)).toBe("approved stage 1 (Manager) on behalf of Sam Security: “Fine”");
    expect(describeEvent("policy.decided", { policyVersion: 2, ruleId: "default", route: "WORKFLOW", riskScore: 40, riskTier: "MEDIUM" })).toBe(
      "decided it under policy v2, rule default, route WORKFLOW, risk 40 (MEDIUM)",
    );
    expect(describeEvent("evidence.recorded", { kind: "REVOKED", summary: "role absent" })).toBe("recorded REVOKED evidence: role absent");
    expect(describeEvent("request.closed", { reason: "expired" })).toBe("closed the ticket: expired");
    expect(describeEvent("request.auto_approved", { breakGlass: true })).toBe("granted it at once under break-glass, before review");
    expect(describeEvent("approval.escalated", { stage: "Manager", position: 1, to: "u-2" }, names)).toBe("escalated stage 2 (Manager) to Sam Security");
  });

  it("shows an unknown action as recorded", () => {
    expect(describeEvent("vendor.session_started", {})).toBe("vendor session started");
  });
});
