import type { ConnectorType, GrantStatus, Prisma, RequestStatus } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { GapRow } from "../types";

/** A grant explains access on a target while it is being set up, held, or being removed... */
export const LIVE_GRANT: GrantStatus[] = ["PENDING", "ACTIVE", "REVOKING"];

/** ...and only when its ticket was approved: these statuses mean no approver or pattern ever let it through. */
const NEVER_APPROVED: RequestStatus[] = ["DRAFT", "SUBMITTED", "PENDING_APPROVAL", "DENIED", "EXPIRED_UNDECIDED"];

/** Tickets that never reached an approved state. A cancelled ticket was decided first only when cancelled during fulfilment. */
export const neverApprovedWhere: Prisma.AccessRequestWhereInput = {
  OR: [{ status: { in: NEVER_APPROVED } }, { status: "CANCELLED", decidedAt: null }, { decisionRoute: "REJECT" }],
};

/** Grants that do not explain what they created: not live, or behind a ticket nobody approved. */
export const notLiveGrantWhere: Prisma.GrantWhereInput = {
  OR: [{ status: { notIn: LIVE_GRANT } }, { request: neverApprovedWhere }],
};

export const grantFactsSelect = {
  id: true,
  status: true,
  revokedAt: true,
  updatedAt: true,
  request: { select: { number: true, status: true, decidedAt: true, updatedAt: true, decisionRoute: true, system: { select: { name: true } } } },
} satisfies Prisma.GrantSelect;

export type GrantFacts = Prisma.GrantGetPayload<{ select: typeof grantFactsSelect }>;

/** Connector labels as the report names them. */
export const CONNECTOR_LABEL: Record<ConnectorType, string> = {
  POSTGRES: "PostgreSQL",
  API_KEY: "API-key issuer",
  CERTIFICATE_AUTHORITY: "Internal CA",
  WEBHOOK: "Webhook",
  MANUAL: "Manual",
};

/** "2026-11-29 09:41 UTC": the same text on every server, whatever its time zone. */
export function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function neverApproved(r: GrantFacts["request"]): boolean {
  return NEVER_APPROVED.includes(r.status) || (r.status === "CANCELLED" && r.decidedAt === null) || r.decisionRoute === "REJECT";
}

/** Why this grant does not explain the access, or null when it does. */
export function whyNotLive(g: GrantFacts): string | null {
  const ticket = formatRequestNumber(g.request.number);
  if (g.status === "REVOKED") return `its grant was REVOKED at ${utc(g.revokedAt ?? g.updatedAt)} (${ticket})`;
  if (g.status === "FAILED") return `its grant FAILED (${ticket}) and was never set up by the portal`;
  if (!neverApproved(g.request)) return null;
  const r = g.request;
  if (r.status === "DENIED") return `ticket ${ticket} was DENIED${r.decidedAt ? ` at ${utc(r.decidedAt)}` : ""}`;
  if (r.status === "EXPIRED_UNDECIDED") return `ticket ${ticket} expired undecided${r.decidedAt ? ` at ${utc(r.decidedAt)}` : ""}`;
  if (r.status === "CANCELLED") return `ticket ${ticket} was CANCELLED at ${utc(r.updatedAt)} before anyone approved it`;
  if (r.decisionRoute === "REJECT") return `ticket ${ticket} was rejected by the policy`;
  return `ticket ${ticket} is ${r.status} and was never approved`;
}

/** One finding of the orphan report: what a target holds that no live, approved grant explains. */
export function orphanRow(input: {
  id: string;
  connector: ConnectorType;
  system: string;
  identity: GapRow["identity"];
  held: string;
  at: Date | null;
  grant: GrantFacts | null;
  why: string;
}): GapRow {
  return {
    id: input.id,
    ticket: input.grant ? formatRequestNumber(input.grant.request.number) : null,
    identity: input.identity,
    grantId: input.grant?.id ?? null,
    source: { connector: CONNECTOR_LABEL[input.connector], system: input.system },
    subject: input.held,
    at: input.at,
    why: input.why,
  };
}

/** What one connector's read-back found: how much it read, and the findings. */
export interface ConnectorCheck {
  connector: ConnectorType;
  label: string;
  status: "reconciled" | "partial" | "notReconciled" | "cannotReadBack";
  systems: number;
  /** Assignments, keys, certificates or memberships read back from the target. */
  checked: number;
  orphans: number;
  /** What was read, or why it could not be. */
  note: string;
}

export interface SourceResult {
  check: ConnectorCheck;
  rows: GapRow[];
}
