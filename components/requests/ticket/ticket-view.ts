import type { ExceptionType, RequestKind, RequestStatus, RiskTier } from "@/server/db/generated/enums";

/**
 * What the ticket page shows, independent of how requests.get shapes its answer: the page maps
 * the procedure's output into this once (to-ticket-view.ts), and every section reads only this.
 */
export interface TicketView {
  number: string;
  status: RequestStatus;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  title: string;
  riskTier: RiskTier | null;
  riskScore: number | null;
  expiresAt: Date | null;
  submittedAt: Date | null;
  updatedAt: Date;
  requesterName: string;
  subject: {
    kind: "HUMAN" | "NHI";
    name: string;
    displayName: string;
    detail: { label: string; value: string }[];
  };
  target: { system: string | null; environment: string | null; entitlement: string | null };
  scope: unknown;
  /** The scope the approvals let through, when an approver narrowed the request. */
  approvedScope: unknown;
  justification: string;
  exceptionDetail: { label: string; value: string }[];
  decision: {
    route: string;
    ruleId: string | null;
    policyVersion: number | null;
    policyHash: string | null;
    pattern: string | null;
    workflowName: string | null;
    reasons: string[];
  } | null;
  stages: {
    position: number;
    name: string;
    status: string;
    quorum: number;
    dueAt: Date | null;
    approvers: {
      name: string;
      state: "pending" | "approved" | "denied" | "info" | "withdrawn";
      comment: string | null;
      at: Date | null;
      /** What an approval took away: "narrowed the scope", "shortened the expiry to …". */
      narrowing: string[];
    }[];
  }[];
  grants: {
    id: string;
    type: string;
    status: string;
    what: string;
    connector: string;
    externalRef: string | null;
    grantedAt: Date | null;
    expiresAt: Date | null;
    revokedAt: Date | null;
    lastVerifiedAt: Date | null;
    /** Closure evidence read back from the target for this grant, oldest first. */
    evidence: TicketEvidence[];
  }[];
  /** Evidence that names no grant (a cancelled fulfilment, for instance). */
  otherEvidence: TicketEvidence[];
  linked: { relation: LinkRelation; number: string; status: RequestStatus }[];
  /**
   * Break-glass: an emergency granted before review ("emergency"), or the follow-up review of one
   * ("review"), with the other ticket and the review's deadline.
   */
  breakGlass: { role: "emergency" | "review"; other: { number: string; status: RequestStatus } | null; dueAt: Date | null; incidentId: string | null } | null;
  timeline: { id: string; actor: string; action: string; at: Date }[];
  comments: { id: string; author: string; body: string; at: Date }[];
  canCancel: boolean;
  canRenew: boolean;
  /** Links to ask for a change, rotation or removal of each active grant (requests/new?kind=…&grant=…). */
  grantActions: { grantId: string; links: { label: string; href: string }[] }[];
  /** A credential (an API key) waits to be issued and shown once to this viewer. */
  /** A credential waits to be issued and shown once: an API key, or a certificate's private key. */
  collect: "key" | "certificate" | null;
  /** A change made by hand waits for this viewer's attestation: setting the access up, or removing it. */
  attest: "grant" | "revoke" | null;
}

export interface TicketEvidence {
  id: string;
  kind: string;
  connector: string;
  summary: string;
  observed: unknown;
  verifiedAt: Date;
  /** For a change made by hand: who attested it, what they said, and the artefact's hash. */
  attestation: { by: string | null; statement: string | null; artefactName: string | null; artefactSha256: string | null } | null;
}

export type LinkRelation =
  | "renews"
  | "renewed by"
  | "reviews"
  | "reviewed by"
  | "changes access of"
  | "removes access of"
  | "rotates the credential of"
  | "changed by"
  | "removed by"
  | "rotated by"
  | "related";
