import type { InboxRow } from "./columns";

/** Only low-risk tickets may be approved without opening them. */
export function isBulkApprovable(row: Pick<InboxRow, "riskTier">): boolean {
  return row.riskTier === "LOW";
}
