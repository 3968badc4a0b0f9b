import { z } from "zod";

export const GAP_KINDS = ["closedWithoutEvidence", "expiredNotRevoked", "nhiWithoutOwner", "nhiWithoutBackupOwner", "pastRotation", "sodBreaches", "orphanMemberships", "recurringRequests"] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export type GapSeverity = "high" | "medium" | "low";

export const GAP_PAGE_SIZE = 25;

/** What an auditor reads about each report before opening it. */
export const GAP_INFO: Record<GapKind, { title: string; severity: GapSeverity; description: string }> = {
  closedWithoutEvidence: { title: "Closed without closure evidence", severity: "high", description: "Tickets marked CLOSED with nothing read back from the target." },
  expiredNotRevoked: { title: "Expired but not revoked", severity: "high", description: "Grants past their expiry that are still active or still being removed." },
  sodBreaches: { title: "Approvals breaking separation of duties", severity: "high", description: "Approvals by the requester, by the person the access is for, or by an NHI's owners alone above the policy's tier." },
  nhiWithoutOwner: { title: "NHIs without an active owner", severity: "medium", description: "Non-human identities whose owner is missing or no longer active." },
  nhiWithoutBackupOwner: { title: "NHIs without an active backup owner", severity: "low", description: "Non-human identities whose backup owner is missing or no longer active." },
  pastRotation: { title: "Secrets and certificates past rotation", severity: "medium", description: "Live API keys and certificates older than their identity's rotation period." },
  orphanMemberships: { title: "Orphan access on the targets", severity: "high", description: "Access the targets hold that no live grant of an approved ticket explains, read back from PostgreSQL, the API-key issuer, the internal CA and the webhook targets." },
  recurringRequests: { title: "Recurring requests", severity: "low", description: "The same entitlement asked for by at least 5 different people within 30 days (adjustable below): a candidate for a standard role or a pre-approved pattern." },
};

/** One finding: the references an auditor follows, and one line on why it is a gap. */
export interface GapRow {
  id: string;
  /** "AR-000123", or null when the finding is not about a ticket. */
  ticket: string | null;
  identity: { id: string; name: string; displayName: string } | null;
  grantId: string | null;
  /** For orphans: the connector and system the access was read back from. */
  source?: { connector: string; system: string };
  /** For recurring requests: the entitlement a pre-approved pattern would cover. */
  entitlement?: { id: string; ref: string };
  /** What the finding is about: an entitlement, a credential, an owner. */
  subject: string;
  /** The date the finding turns on (closed, expired, issued, decided). */
  at: Date | null;
  why: string;
}

export interface GapPage {
  kind: GapKind;
  total: number;
  page: number;
  pageSize: number;
  rows: GapRow[];
}

export interface GapWindow {
  skip: number;
  take: number;
}

export function windowFor(page: number): GapWindow {
  return { skip: (Math.max(1, page) - 1) * GAP_PAGE_SIZE, take: GAP_PAGE_SIZE };
}

export const gapReportInput = z.object({
  kind: z.enum(GAP_KINDS),
  page: z.number().int().min(1).max(10_000).default(1),
  /** Recurring requests only: how many different requesters, within how many days. */
  minRequesters: z.number().int().min(2).max(1_000).optional(),
  withinDays: z.number().int().min(1).max(366).optional(),
});
export type GapReportInput = z.input<typeof gapReportInput>;

export const draftPatternInput = z.object({ entitlementId: z.uuid() });

export const suggestedPatternsInput = z
  .object({
    page: z.number().int().min(1).max(10_000).optional(),
    minRequesters: z.number().int().min(2).max(1_000).optional(),
    withinDays: z.number().int().min(1).max(366).optional(),
  })
  .default({});
