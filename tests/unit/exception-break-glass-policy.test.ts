import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "@/server/domain/policy/evaluate";
import { validatePolicyDocument } from "@/server/domain/policy/schema";
import type { PolicyContext } from "@/server/domain/policy/types";
import { defaultDoc, editedDoc, makeRequest, publish } from "./policy-fixtures";

const none: PolicyContext = { subjectHolds: [] };

describe("break-glass in the policy", () => {
  it("grants EMERGENCY exceptions at once in version 1, and no other type", () => {
    const doc = defaultDoc();
    expect(doc.exceptionTypes.EMERGENCY).toMatchObject({ grantAtOnce: true, followUpReviewWithinHours: 24 });
    expect(doc.exceptionTypes.VENDOR.grantAtOnce).toBe(false);
    expect(doc.exceptionTypes.AUTOMATION.grantAtOnce).toBe(false);
  });

  it("defaults grantAtOnce to false when a document leaves it out", () => {
    const plain = JSON.parse(JSON.stringify(defaultDoc())) as { exceptionTypes: { EMERGENCY: Record<string, unknown> } };
    delete plain.exceptionTypes.EMERGENCY.grantAtOnce;
    const result = validatePolicyDocument(plain);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.exceptionTypes.EMERGENCY.grantAtOnce).toBe(false);
  });

  it("refuses break-glass without a follow-up review deadline, naming the field", () => {
    const doc = editedDoc((d) => {
      d.exceptionTypes.VENDOR.grantAtOnce = true;
      delete d.exceptionTypes.VENDOR.followUpReviewWithinHours;
    });
    const result = validatePolicyDocument(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({
      path: "exceptionTypes.VENDOR.followUpReviewWithinHours",
      rule: "break-glass-review",
      message: expect.stringMatching(/granted at once \(grantAtOnce\), so they need followUpReviewWithinHours/),
    });
  });

  it("decides an EMERGENCY exception as break-glass: its workflow reviews it afterwards", () => {
    const d = evaluatePolicy(makeRequest({ kind: "EXCEPTION", exceptionType: "EMERGENCY", requestedHours: 3, entitlement: { riskTier: "HIGH" } }), none, publish());
    expect(d).toMatchObject({ route: "WORKFLOW", workflowKey: "break-glass", breakGlass: true, followUpReviewWithinHours: 24, ttlCapHours: 4 });
    expect(d.reasons).toContainEqual({ code: "BREAK_GLASS", message: expect.stringMatching(/^Break-glass: granted at once, before review\..*within 24 h/) });
  });

  it("is no break-glass when the type does not allow it, nor when a rule refuses the request", () => {
    const off = publish(editedDoc((d) => void (d.exceptionTypes.EMERGENCY.grantAtOnce = false)));
    const request = makeRequest({ kind: "EXCEPTION", exceptionType: "EMERGENCY", requestedHours: 3 });
    expect(evaluatePolicy(request, none, off)).toMatchObject({ route: "WORKFLOW", breakGlass: false });
    const refused = publish(
      editedDoc((d) => {
        d.rules.unshift({ id: "no-emergencies", description: "No break-glass on this system.", when: { exceptionTypes: ["EMERGENCY"] }, then: { route: "REJECT" } });
      }),
    );
    const d = evaluatePolicy(request, none, refused);
    expect(d).toMatchObject({ route: "REJECT", breakGlass: false });
    expect(d.reasons.map((r) => r.code)).not.toContain("BREAK_GLASS");
  });

  it("is no break-glass for requests that are not exceptions", () => {
    expect(evaluatePolicy(makeRequest(), none, publish()).breakGlass).toBe(false);
  });
});

describe("break-glass in the simulator", () => {
  it("lists the tickets a draft would grant at once, or no longer", async () => {
    const { simulatePolicyChange } = await import("@/server/domain/policy/simulate");
    const cases = [{ ticketId: "t1", number: 1, request: makeRequest({ kind: "EXCEPTION", exceptionType: "EMERGENCY", requestedHours: 3 }), context: none }];
    const draft = publish(editedDoc((d) => void (d.exceptionTypes.EMERGENCY.grantAtOnce = false)));
    const result = simulatePolicyChange(cases, publish(), draft);
    expect(result.changed.map((c) => c.what)).toEqual([["breakGlass: true -> false"]]);
  });
});
