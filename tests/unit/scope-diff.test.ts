import { describe, expect, it } from "vitest";
import { accessPart, diffScope, narrowableFields, stableJson, summariseScopeDiff, withValues } from "@/server/domain/approvals/scope-diff";

const orders = { system: "orders-db", entitlement: "orders_write", identity: "riley", database: "orders", role: "orders_write", privileges: ["SELECT", "INSERT", "UPDATE"], schemas: ["public"] };

describe("diffScope", () => {
  it("finds nothing between equal scopes, whatever their key and list order", () => {
    const shuffled = { schemas: ["public"], privileges: ["UPDATE", "SELECT", "INSERT"], role: "orders_write", database: "orders", identity: "riley", entitlement: "orders_write", system: "orders-db" };
    expect(diffScope(orders, shuffled)).toEqual([]);
    expect(summariseScopeDiff([])).toBe("no change");
  });

  it("lists every key as added when nothing is held", () => {
    const entries = diffScope(null, { role: "r", privileges: ["SELECT"] });
    expect(entries).toEqual([
      { kind: "added", path: "role", after: "r" },
      { kind: "added", path: "privileges", after: ["SELECT"] },
    ]);
  });

  it("reports list elements added and removed one by one", () => {
    const entries = diffScope({ privileges: ["SELECT", "DELETE"] }, { privileges: ["SELECT", "INSERT", "UPDATE"] });
    expect(entries).toEqual([
      { kind: "element-removed", path: "privileges", element: "DELETE" },
      { kind: "element-added", path: "privileges", element: "INSERT" },
      { kind: "element-added", path: "privileges", element: "UPDATE" },
    ]);
    expect(summariseScopeDiff(entries)).toBe("2 added, 1 removed");
  });

  it("counts a repeated element once", () => {
    expect(diffScope({ a: ["x"] }, { a: ["y", "y"] })).toEqual([
      { kind: "element-removed", path: "a", element: "x" },
      { kind: "element-added", path: "a", element: "y" },
    ]);
  });

  it("walks nested objects and names the dotted path", () => {
    const entries = diffScope(
      { limit: { currency: "EUR", perPayment: 50_000 }, tenant: "acme-eu" },
      { limit: { currency: "EUR", perPayment: 250_000, daily: 1_000_000 }, region: "eu" },
    );
    expect(entries).toEqual([
      { kind: "changed", path: "limit.perPayment", before: 50_000, after: 250_000 },
      { kind: "added", path: "limit.daily", after: 1_000_000 },
      { kind: "removed", path: "tenant", before: "acme-eu" },
      { kind: "added", path: "region", after: "eu" },
    ]);
    expect(summariseScopeDiff(entries)).toBe("2 added, 1 removed, 1 changed");
  });

  it("treats a change of shape as one change", () => {
    expect(diffScope({ teams: ["a"] }, { teams: { name: "a" } })).toEqual([{ kind: "changed", path: "teams", before: ["a"], after: { name: "a" } }]);
  });

  it("compares lists of objects by value", () => {
    expect(diffScope({ rules: [{ b: 1, a: 2 }] }, { rules: [{ a: 2, b: 1 }, { a: 3 }] })).toEqual([{ kind: "element-added", path: "rules", element: { a: 3 } }]);
  });

  it("ignores members that are undefined", () => {
    expect(diffScope({ a: 1, b: undefined }, { a: 1, c: undefined })).toEqual([]);
  });
});

describe("accessPart", () => {
  it("leaves out how the ticket acts", () => {
    expect(accessPart({ role: "r", action: "modify", grantId: "g", previous: { role: "q" }, grantType: "SECRET" })).toEqual({ role: "r" });
    expect(accessPart(null)).toEqual({});
    expect(accessPart(["x"])).toEqual({});
  });
});

describe("narrowing helpers", () => {
  it("offers lists and numbers, never the keys that name the target", () => {
    const scope = { ...orders, limit: { currency: "EUR", perPayment: 50_000 }, action: "modify", grantId: "g", previous: { privileges: ["SELECT"] } };
    expect(narrowableFields(scope)).toEqual([
      { kind: "list", path: ["privileges"], options: ["SELECT", "INSERT", "UPDATE"] },
      { kind: "list", path: ["schemas"], options: ["public"] },
      { kind: "number", path: ["limit", "perPayment"], max: 50_000 },
    ]);
  });

  it("skips empty lists and lists of objects", () => {
    expect(narrowableFields({ a: [], b: [{ x: 1 }] })).toEqual([]);
  });

  it("replaces values at dotted paths in a copy", () => {
    const scope = { privileges: ["SELECT", "INSERT"], limit: { perPayment: 100 } };
    const narrowed = withValues(scope, new Map<string, unknown>([["privileges", ["SELECT"]], ["limit.perPayment", 40], ["missing.path", 1]]));
    expect(narrowed).toEqual({ privileges: ["SELECT"], limit: { perPayment: 40 } });
    expect(scope.privileges).toEqual(["SELECT", "INSERT"]);
    expect(diffScope(scope, narrowed)).toEqual([
      { kind: "element-removed", path: "privileges", element: "INSERT" },
      { kind: "changed", path: "limit.perPayment", before: 100, after: 40 },
    ]);
  });
});

describe("stableJson", () => {
  it("sorts keys at every depth", () => {
    expect(stableJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
