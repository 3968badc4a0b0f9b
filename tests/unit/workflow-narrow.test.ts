import { describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { narrowScope } from "@/server/domain/workflow/narrow";
import { assertMayDecide, assertNotOnlyOwners, type DecisionSodFacts } from "@/server/domain/workflow/sod";

const requested = {
  system: "orders-db",
  entitlement: "orders_write",
  identity: "riley.requester",
  database: "orders",
  privileges: ["SELECT", "INSERT", "UPDATE"],
  schemas: ["public", "billing"],
  limit: { currency: "EUR", perPayment: 50_000 },
};

function refusal(proposed: unknown): AppError {
  try {
    narrowScope(requested, proposed);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe("scope");
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

describe("narrowScope", () => {
  it("accepts the same scope with no changes, whatever the key order", () => {
    const reordered = Object.fromEntries(Object.entries(requested).reverse());
    expect(narrowScope(requested, reordered)).toEqual([]);
  });

  it("lists elements taken out of lists and limits lowered", () => {
    const changes = narrowScope(requested, { ...requested, privileges: ["SELECT"], limit: { currency: "EUR", perPayment: 10_000 } });
    expect(changes).toEqual([
      { path: "privileges", from: ["SELECT", "INSERT", "UPDATE"], to: ["SELECT"] },
      { path: "limit.perPayment", from: 50_000, to: 10_000 },
    ]);
  });

  it("refuses anything that widens, retargets or drops a restriction, naming the path", () => {
    expect(refusal({ ...requested, privileges: ["SELECT", "DELETE"] }).message).toMatch(/Scope privileges may not add "DELETE"/);
    expect(refusal({ ...requested, limit: { currency: "EUR", perPayment: 60_000 } }).message).toMatch(/limit\.perPayment may not rise above 50000/);
    expect(refusal({ ...requested, entitlement: "orders_dba" }).message).toMatch(/entitlement names what is granted/);
    const { schemas: _dropped, ...withoutSchemas } = requested;
    expect(refusal(withoutSchemas).message).toMatch(/schemas may not be removed/);
    expect(refusal({ ...requested, tables: ["orders"] }).message).toMatch(/tables was not requested/);
    expect(refusal({ ...requested, privileges: [] }).message).toMatch(/at least one element/);
    expect(refusal({ ...requested, limit: { currency: "USD", perPayment: 1 } }).message).toMatch(/limit\.currency must stay "EUR"/);
    expect(refusal({ ...requested, privileges: ["SELECT", "SELECT"] }).message).toMatch(/twice/);
    expect(refusal({ ...requested, privileges: "SELECT" }).message).toMatch(/must stay a list/);
    expect(refusal({ ...requested, limit: 5 }).message).toMatch(/must stay an object/);
  });

  it("lets a wildcard list narrow to named elements", () => {
    const wide = { system: "k8s-prod", entitlement: "cluster_admin", identity: "x", namespaces: ["*"] };
    expect(narrowScope(wide, { ...wide, namespaces: ["checkout"] })).toEqual([{ path: "namespaces", from: ["*"], to: ["checkout"] }]);
  });
});

describe("decision-time separation of duties", () => {
  const facts: DecisionSodFacts = {
    actorId: "approver",
    requesterId: "requester",
    subject: { kind: "NHI", userId: null, ownerId: "owner", backupOwnerId: "backup" },
    riskTier: "HIGH",
    nhiOwnerSoleApproverMaxRiskTier: "MEDIUM",
  };

  it("refuses the requester and the subject's person", () => {
    expect(() => assertMayDecide({ ...facts, actorId: "requester" })).toThrow(/requester may not decide/);
    expect(() => assertMayDecide({ ...facts, subject: { ...facts.subject, kind: "HUMAN", userId: "approver" } })).toThrow(/own access/);
    expect(() => assertMayDecide(facts)).not.toThrow();
  });

  it("refuses an approval by the NHI's owners alone above the policy's tier", () => {
    expect(() => assertNotOnlyOwners(facts, ["owner", "backup"])).toThrow(/owners may not be the only approvers of its HIGH-risk access/);
    expect(() => assertNotOnlyOwners(facts, ["owner", "approver"])).not.toThrow();
    expect(() => assertNotOnlyOwners({ ...facts, riskTier: "MEDIUM" }, ["owner"])).not.toThrow();
    expect(() => assertNotOnlyOwners({ ...facts, subject: { ...facts.subject, kind: "HUMAN" } }, ["owner"])).not.toThrow();
  });
});
