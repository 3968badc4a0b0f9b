import { describe, expect, it } from "vitest";
import { compactFilter, explorerFilterSchema, explorerSearchInputSchema } from "@/server/domain/explorer/filter";

const messages = (input: unknown) => {
  const result = explorerFilterSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("explorer filter", () => {
  it("accepts an empty filter and a full one", () => {
    expect(explorerFilterSchema.parse({})).toEqual({});
    const full = {
      q: "  break-glass  ",
      identityId: "00000000-0000-4000-8000-000000000001",
      systemId: "00000000-0000-4000-8000-000000000002",
      entitlementId: "00000000-0000-4000-8000-000000000003",
      requesterId: "00000000-0000-4000-8000-000000000004",
      approverId: "00000000-0000-4000-8000-000000000005",
      status: ["ACTIVE", "CLOSED"],
      kind: ["EXCEPTION"],
      exceptionType: ["EMERGENCY"],
      policyVersion: 3,
      from: "2026-01-01",
      to: "2026-01-01",
      control: "SOC2:CC6.1",
    };
    expect(explorerFilterSchema.parse(full)).toEqual({ ...full, q: "break-glass" });
  });

  it("names the field and the rule it breaks", () => {
    expect(messages({ from: "2026-02-01", to: "2026-01-31" })).toEqual(["to: to must be on or after from"]);
    expect(messages({ from: "2026-02-30" })).toEqual(["from: from must be a real calendar date"]);
    expect(messages({ to: "01/02/2026" })).toEqual(["to: to must be a date as YYYY-MM-DD"]);
    expect(messages({ identityId: "riley" })).toEqual(["identityId: identityId must be the id of a record from the list"]);
    expect(messages({ status: ["OPEN"] })).toEqual(["status.0: status must be ticket statuses"]);
    expect(messages({ kind: ["GRANT", "PROMOTE"] })).toEqual(["kind.1: kind must be ticket kinds"]);
    expect(messages({ policyVersion: 1.5 })).toEqual(["policyVersion: policyVersion must be a whole number"]);
    expect(messages({ policyVersion: 0 })).toEqual(["policyVersion: policyVersion must be 1 or more"]);
    expect(messages({ control: "SOC2:CC7.1" })).toEqual(["control: control must be one of the controls in the catalogue"]);
    expect(messages({ q: "x".repeat(201) })).toEqual(["q: q must be at most 200 characters"]);
  });

  it("pages 25 newest first by default, and never more than 100", () => {
    expect(explorerSearchInputSchema.parse({})).toEqual({ filter: {}, page: 1, pageSize: 25, sort: "createdAt", dir: "desc" });
    expect(explorerSearchInputSchema.safeParse({ pageSize: 101 }).error?.issues[0]?.message).toBe("pageSize must be between 1 and 100");
    expect(explorerSearchInputSchema.safeParse({ sort: "risk" }).error?.issues[0]?.message).toBe("sort must be createdAt, number or status");
  });

  it("drops empty values from a filter", () => {
    expect(compactFilter({ q: "", status: [], kind: ["GRANT"], from: undefined })).toEqual({ kind: ["GRANT"] });
  });
});
