import { describe, expect, it } from "vitest";
import { CONTROLS, isControlId } from "@/server/domain/controls/catalogue";
import { controlsFor, type SubjectFacts } from "@/server/domain/controls/map";

const person: SubjectFacts = { kind: "HUMAN", nhiType: null };
const service: SubjectFacts = { kind: "NHI", nhiType: "SERVICE_ACCOUNT" };
const oauthApp: SubjectFacts = { kind: "NHI", nhiType: "OAUTH_APP" };

describe("controls an evidence item supports", () => {
  it("names every control the issue lists, once", () => {
    expect(CONTROLS.map((c) => c.ref)).toEqual(["GV.RM-01", "NHI-03", "800-63", "CC6.1", "CC6.2", "CC6.3", "A.5.15", "A.5.16", "A.5.17", "A.5.18"]);
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
    expect(isControlId("SOC2:CC6.1")).toBe(true);
    expect(isControlId("SOC2:CC9.9")).toBe(false);
  });

  it("maps a granted request to risk management, access control, registration and access rights", () => {
    expect(controlsFor({ type: "ticket", kind: "GRANT", exceptionType: null, subject: person })).toEqual(["ISO27001:A.5.15", "ISO27001:A.5.18", "NIST-CSF-2.0:GV.RM-01", "SOC2:CC6.2"]);
  });

  it("maps changes and removals to CC6.3, rotations to authentication information", () => {
    expect(controlsFor({ type: "ticket", kind: "REVOKE", exceptionType: null, subject: person })).toContain("SOC2:CC6.3");
    expect(controlsFor({ type: "ticket", kind: "ROTATE", exceptionType: null, subject: service })).toEqual(expect.arrayContaining(["ISO27001:A.5.17", "NIST-SP-800-63"]));
    expect(controlsFor({ type: "closure", kind: "REVOKED", grantType: "ENTITLEMENT", subject: person })).toEqual(["ISO27001:A.5.18", "SOC2:CC6.1", "SOC2:CC6.2", "SOC2:CC6.3"]);
  });

  it("maps credentials read back from their issuer to A.5.17 and SP 800-63", () => {
    expect(controlsFor({ type: "closure", kind: "GRANTED", grantType: "SECRET", subject: service })).toEqual(["ISO27001:A.5.17", "ISO27001:A.5.18", "NIST-SP-800-63", "SOC2:CC6.1"]);
  });

  it("tags third parties (OAuth apps, vendor sessions) with NHI-03 and nothing else with it", () => {
    expect(controlsFor({ type: "identity", subject: oauthApp })).toEqual(["ISO27001:A.5.16", "OWASP-NHI:NHI-03"]);
    expect(controlsFor({ type: "ticket", kind: "EXCEPTION", exceptionType: "VENDOR", subject: person })).toContain("OWASP-NHI:NHI-03");
    expect(controlsFor({ type: "identity", subject: service })).toEqual(["ISO27001:A.5.16"]);
    expect(controlsFor({ type: "approval", outcome: "APPROVE", subject: person })).not.toContain("OWASP-NHI:NHI-03");
  });

  it("maps a published policy version to risk management and access control", () => {
    expect(controlsFor({ type: "policy" })).toEqual(["ISO27001:A.5.15", "NIST-CSF-2.0:GV.RM-01"]);
  });
});
