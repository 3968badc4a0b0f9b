import { describe, expect, it } from "vitest";
import { isBulkApprovable } from "@/components/approvals/inbox/bulk-approvable";
import { RiskTier } from "@/server/db/generated/enums";

describe("isBulkApprovable", () => {
  it("lets only low-risk tickets be approved in bulk", () => {
    expect(isBulkApprovable({ riskTier: "LOW" })).toBe(true);
    expect(isBulkApprovable({ riskTier: "MEDIUM" })).toBe(false);
    expect(isBulkApprovable({ riskTier: "HIGH" })).toBe(false);
    expect(isBulkApprovable({ riskTier: "CRITICAL" })).toBe(false);
  });

  it("refuses a ticket whose risk has not been scored", () => {
    expect(isBulkApprovable({ riskTier: null })).toBe(false);
  });

  it("covers every risk tier, so a new tier is not bulk-approvable by accident", () => {
    expect(Object.values(RiskTier).filter((riskTier) => isBulkApprovable({ riskTier }))).toEqual(["LOW"]);
  });

  it("picks the low-risk rows of a page, in order", () => {
    const rows = [
      { reference: "AR-000001", riskTier: "HIGH" },
      { reference: "AR-000002", riskTier: "LOW" },
      { reference: "AR-000003", riskTier: null },
      { reference: "AR-000004", riskTier: "LOW" },
      { reference: "AR-000005", riskTier: "MEDIUM" },
    ] as const;
    expect(rows.filter(isBulkApprovable).map((row) => row.reference)).toEqual(["AR-000002", "AR-000004"]);
  });
});
