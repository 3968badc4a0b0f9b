import type { ValidAuditEvent } from "@/server/domain/audit/validate";
import type { ExceptionType, Prisma, RequestKind, RequestStatus } from "@/server/db/generated/client";
import type { EntitlementSeed } from "./catalogue";
import type { Decision } from "./decide";
import type { IdentitySeed } from "./identities";
import type { PersonSeed } from "./people";

/** An audit event with its business time; the seed appends them in that order. */
export type SeedEvent = ValidAuditEvent & { at: Date };

export interface Rows {
  requests: Prisma.AccessRequestCreateManyInput[];
  stages: Prisma.ApprovalStageCreateManyInput[];
  assignments: Prisma.ApprovalAssignmentCreateManyInput[];
  decisions: Prisma.ApprovalDecisionCreateManyInput[];
  grants: Prisma.GrantCreateManyInput[];
  secrets: Prisma.SecretCreateManyInput[];
  certificates: Prisma.CertificateCreateManyInput[];
  evidence: Prisma.ClosureEvidenceCreateManyInput[];
  comments: Prisma.CommentCreateManyInput[];
  notifications: Prisma.NotificationCreateManyInput[];
  events: SeedEvent[];
}

export function emptyRows(): Rows {
  return {
    requests: [],
    stages: [],
    assignments: [],
    decisions: [],
    grants: [],
    secrets: [],
    certificates: [],
    evidence: [],
    comments: [],
    notifications: [],
    events: [],
  };
}

export function mergeRows(into: Rows, from: Rows): void {
  for (const key of Object.keys(into) as (keyof Rows)[]) (into[key] as unknown[]).push(...from[key]);
}

/** The lifecycle points a ticket can be anchored at (the point placed at a chosen time). */
export type Phase = "created" | "submitted" | "decided" | "pending" | "approved" | "fulfilling" | "active" | "revoking" | "end";

export interface TicketPlan {
  ids: { request: string; grant: string; credential: string };
  /** Seed of the ticket's own random stream, so both layout passes draw the same gaps. */
  seed: number;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  status: RequestStatus;
  requester: PersonSeed;
  subject: IdentitySeed;
  entitlement: EntitlementSeed;
  sponsor: PersonSeed | null;
  decision: Decision;
  /** Approved duration of the access; null for standing access. */
  ttlHours: number | null;
  /** For REVOKING and CLOSED: how long the access was held before removal started. */
  activeForMs: number;
  anchor: { phase: Phase; at: Date };
  /** For tickets that stop inside the approval: the stage they stop at. */
  stopStage: number;
  /** For PENDING_APPROVAL: how long the current stage has been open. */
  pendingAgeMs: number;
  variant: { infoRequested?: boolean; partialQuorum?: boolean; fromDraft?: boolean };
  parent: TicketPlan | null;
  /** Set on a parent whose access a child REVOKE or ROTATE removes. */
  forcedEnd: { revokingAt: Date; closedAt: Date | null; reason: string; byRequestId: string } | null;
  incidentId: string | null;
  /** For VENDOR exceptions: time from approval until the support window opens. */
  vendorLeadMs: number;
  justification: string;
}

export type Times = Partial<Record<Phase | "created", Date>>;
