import { describe, expect, it } from "vitest";
import { dnsNameOf, escapeDnValue, normalizeDn, renderSubject, splitDn } from "@/server/connectors/ca/names";
import { ConnectorError } from "@/server/connectors/types";

const PATTERN = "CN=<identity>.svc.acme.internal,O=Acme Corp";

describe("certificate subject from the scope's subjectPattern", () => {
  it("puts the identity's name where <identity> stands", () => {
    expect(renderSubject(PATTERN, "svc-orders-api")).toBe("CN=svc-orders-api.svc.acme.internal,O=Acme Corp");
    expect(renderSubject("O=Acme Corp, CN=<identity>", "svc-a")).toBe("O=Acme Corp,CN=svc-a");
  });

  it("escapes characters that would change the name's structure", () => {
    expect(renderSubject(PATTERN, "evil,O=Other")).toBe("CN=evil\\,O\\=Other.svc.acme.internal,O=Acme Corp");
    expect(splitDn(renderSubject(PATTERN, "a+b;c"))).toHaveLength(2);
    expect(escapeDnValue("#lead and trail ")).toBe("\\#lead and trail\\ ");
    expect(escapeDnValue('q"<>\\')).toBe('q\\"\\<\\>\\\\');
  });

  it("refuses patterns that would not name one identity", () => {
    const refusal = (pattern: string) => {
      try {
        renderSubject(pattern, "svc-a");
      } catch (error) {
        expect(error).toBeInstanceOf(ConnectorError);
        expect((error as ConnectorError).retryable).toBe(false);
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refusal("CN=fixed.acme.internal")).toMatch(/must contain <identity>/);
    expect(refusal("CN=<identity>.<team>.internal")).toMatch(/<team>.*only placeholder is <identity>/);
    expect(refusal("O=Acme,<identity>")).toMatch(/not a distinguished name/);
    expect(refusal("O=<identity>")).toMatch(/no CN attribute/);
  });

  it("normalises spacing and attribute case so names compare equal", () => {
    expect(normalizeDn("cn=Acme Internal Issuing CA 1, o=Acme Corp")).toBe("CN=Acme Internal Issuing CA 1,O=Acme Corp");
    expect(normalizeDn("CN=a\\, b , O=c")).toBe("CN=a\\, b,O=c");
  });

  it("takes the common name as a DNS name only when it is one", () => {
    expect(dnsNameOf("CN=svc-orders-api.svc.acme.internal,O=Acme Corp")).toBe("svc-orders-api.svc.acme.internal");
    expect(dnsNameOf("CN=Svc-A.Example.COM")).toBe("svc-a.example.com");
    expect(dnsNameOf("CN=single-label,O=Acme")).toBeNull();
    expect(dnsNameOf("CN=has space.example.com")).toBeNull();
    expect(dnsNameOf("CN=-bad.example.com")).toBeNull();
    expect(dnsNameOf("CN=evil\\,O\\=x.example.com")).toBeNull();
    expect(dnsNameOf("O=Acme")).toBeNull();
  });
});
