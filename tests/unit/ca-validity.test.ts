import { describe, expect, it } from "vitest";
import { issueProfile } from "@/server/connectors/ca/profile";
import { normalizeSerial, randomSerial } from "@/server/connectors/ca/serial";
import { certificateValidity } from "@/server/connectors/ca/validity";
import { ConnectorError } from "@/server/connectors/types";

const DAY = 86_400_000;
const now = new Date("2026-11-29T10:15:30.750Z");
const caNotAfter = new Date("2036-01-01T00:00:00Z");

describe("certificate validity", () => {
  it("starts now (whole seconds) and ends at maxValidityDays when the grant expires later", () => {
    const v = certificateValidity({ now, maxValidityDays: 30, expiresAt: new Date(now.getTime() + 90 * DAY), caNotAfter });
    expect(v.notBefore.toISOString()).toBe("2026-11-29T10:15:30.000Z");
    expect(v.notAfter.toISOString()).toBe("2026-12-29T10:15:30.000Z");
    expect(v.limitedBy).toBe("maxValidityDays");
  });

  it("ends at the grant's expiry when that comes first, never a fraction of a second after it", () => {
    const expiresAt = new Date("2026-11-29T18:00:00.999Z");
    const v = certificateValidity({ now, maxValidityDays: 30, expiresAt, caNotAfter });
    expect(v.notAfter.toISOString()).toBe("2026-11-29T18:00:00.000Z");
    expect(v.notAfter.getTime()).toBeLessThanOrEqual(expiresAt.getTime());
    expect(v.limitedBy).toBe("expiresAt");
  });

  it("never outlives the CA's own certificate", () => {
    const v = certificateValidity({ now, maxValidityDays: 365, expiresAt: null, caNotAfter: new Date(now.getTime() + 10 * DAY) });
    expect(v.limitedBy).toBe("caNotAfter");
  });

  it("uses a 30-day default when neither the scope nor the ticket bounds it", () => {
    const v = certificateValidity({ now, maxValidityDays: null, expiresAt: null, caNotAfter });
    expect(v.notAfter.getTime() - v.notBefore.getTime()).toBe(30 * DAY);
    expect(v.limitedBy).toBe("default");
  });

  it("refuses, without retry, a certificate that would already be expired", () => {
    const past = () => certificateValidity({ now, maxValidityDays: 30, expiresAt: new Date(now.getTime() - 1000), caNotAfter });
    expect(past).toThrow(ConnectorError);
    expect(past).toThrow(/expiresAt .* is not in the future/);
    // Within the same second: notAfter would equal notBefore.
    expect(() => certificateValidity({ now, maxValidityDays: 30, expiresAt: new Date(now.getTime() + 100), caNotAfter })).toThrow(/not in the future/);
  });
});

describe("issue profile from scope and connectorConfig", () => {
  const scope = { profile: "mtls-client", keyAlgorithm: "ECDSA-P256", extendedKeyUsage: ["clientAuth"], maxValidityDays: 30, subjectPattern: "CN=<identity>.svc.acme.internal,O=Acme Corp" };

  it("reads the seeded scope; the scope wins over the configuration", () => {
    const p = issueProfile(scope, { issuerDn: "CN=CA", keyAlgorithm: "RSA-2048", maxValidityDays: 5 });
    expect(p).toMatchObject({ keyAlgorithm: "ECDSA-P256", keyAlgorithmNamed: true, maxValidityDays: 30, csrPem: null, issuerDn: "CN=CA" });
    expect(p.extendedKeyUsage).toEqual([{ name: "clientAuth", oid: "1.3.6.1.5.5.7.3.2" }]);
  });

  it("defaults to ECDSA P-256 and accepts other spellings of an algorithm", () => {
    const { keyAlgorithm: _k, ...rest } = scope;
    expect(issueProfile(rest, {})).toMatchObject({ keyAlgorithm: "ECDSA-P256", keyAlgorithmNamed: false });
    expect(issueProfile({ ...scope, keyAlgorithm: "rsa_3072" }, {}).keyAlgorithm).toBe("RSA-3072");
  });

  it("names the field and the rule when the scope is unusable", () => {
    expect(() => issueProfile({ ...scope, keyAlgorithm: "DSA-1024" }, {})).toThrow(/keyAlgorithm "DSA-1024" is not one the CA issues/);
    expect(() => issueProfile({ ...scope, extendedKeyUsage: ["anything"] }, {})).toThrow(/extendedKeyUsage "anything" is unknown/);
    expect(() => issueProfile({ ...scope, extendedKeyUsage: [] }, {})).toThrow(/at least one usage/);
    expect(() => issueProfile({ ...scope, maxValidityDays: -1 }, {})).toThrow(/scope\.maxValidityDays/);
    expect(() => issueProfile({ ...scope, subjectPattern: undefined }, {})).toThrow(/subjectPattern is required/);
    expect(() => issueProfile({ ...scope, csrPem: "hello" }, {})).toThrow(/scope\.csrPem must be a PEM certificate request/);
    expect(() => issueProfile({ ...scope, profile: "subordinate-ca" }, {})).toThrow(/end-entity certificates only/);
  });
});

describe("serial numbers", () => {
  it("are 16 bytes, positive, with no leading zero byte", () => {
    for (let i = 0; i < 200; i++) {
      const s = randomSerial();
      expect(s).toMatch(/^[0-7][0-9a-f]{31}$/);
      expect(s.startsWith("00")).toBe(false);
    }
  });

  it("compare in one spelling", () => {
    expect(normalizeSerial("00FF:01")).toBe("ff01");
    expect(normalizeSerial("0abc")).toBe("0abc");
    expect(normalizeSerial("00")).toBe("00");
  });
});
