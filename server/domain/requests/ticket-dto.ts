import type { ConnectorType, Prisma, RequestKind, RequestStatus } from "@/server/db/generated/client";
import { pathStageSelect } from "@/server/domain/approvals/review-path";
import { CANCELLABLE_IN_FULFILMENT } from "@/server/domain/fulfilment/cancel";
import { deliveryOf, scopeOf } from "@/server/domain/fulfilment/fulfil";
import { formatRequestNumber } from "./number";
import { CANCELLABLE } from "./ticket-actions";
import type { Viewer } from "./visibility";

const person = { select: { id: true, name: true, email: true } } as const;
const link = { select: { id: true, number: true, kind: true, status: true, createdAt: true } } as const;

export const ticketSelect = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  scope: true,
  approvedScope: true,
  justification: true,
  expiresAt: true,
  riskScore: true,
  riskTier: true,
  decisionRoute: true,
  policyRuleId: true,
  decisionReasons: true,
  approverPath: true,
  currentStage: true,
  incidentId: true,
  vendorWindowStart: true,
  vendorWindowEnd: true,
  followUpDueAt: true,
  failureReason: true,
  submittedAt: true,
  decidedAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  requester: person,
  sponsor: person,
  subject: {
    select: {
      id: true,
      kind: true,
      name: true,
      displayName: true,
      nhiType: true,
      environment: true,
      workload: true,
      user: person,
      owner: person,
      backupOwner: person,
    },
  },
  entitlement: { select: { id: true, key: true, name: true, riskTier: true, privileged: true, maxTtlHours: true } },
  system: { select: { id: true, key: true, name: true, environment: true, connectorType: true, owner: person } },
  policyVersion: { select: { id: true, version: true, contentHash: true } },
  workflow: { select: { id: true, key: true, name: true } },
  // The same stage, assignments and decisions the approver's review reads.
  stages: { orderBy: { position: "asc" }, select: pathStageSelect },
  grants: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      type: true,
      status: true,
      connectorType: true,
      externalRef: true,
      grantedAt: true,
      expiresAt: true,
      revokedAt: true,
      lastVerifiedAt: true,
      entitlement: { select: { name: true } },
    },
  },
  evidence: {
    orderBy: { verifiedAt: "asc" },
    select: { id: true, grantId: true, kind: true, connectorType: true, summary: true, observed: true, verifiedAt: true, artefactSha256: true, attestedBy: person },
  },
  comments: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, author: person } },
  parent: link,
  children: { ...link, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.AccessRequestSelect;

type TicketRow = Prisma.AccessRequestGetPayload<{ select: typeof ticketSelect }>;

interface EventRow {
  seq: bigint;
  occurredAt: Date;
  actorType: string;
  action: string;
  entityType: string;
  entityId: string;
  data: Prisma.JsonValue;
  actor: { id: string; name: string } | null;
}

export interface DecisionReasonDto {
  code: string;
  message: string;
}

/** Reasons as stored: a plain list (older tickets) or the full decision with its facts. */
export function readDecisionReasons(value: Prisma.JsonValue): DecisionReasonDto[] {
  const list = Array.isArray(value) ? value : value && typeof value === "object" && Array.isArray((value as { reasons?: unknown }).reasons) ? (value as { reasons: unknown[] }).reasons : [];
  return list.flatMap((r) =>
    r && typeof r === "object" && "message" in r ? [{ code: String((r as { code?: unknown }).code ?? ""), message: String((r as { message: unknown }).message) }] : [],
  );
}

const CANCELLABLE_STATUSES = new Set<string>([...CANCELLABLE, ...CANCELLABLE_IN_FULFILMENT]);

/**
 * The rules cancelRequest and cancelFulfilment apply: undecided, approved and queued, or waiting
 * for a person to collect or carry it out; never while a connector is at work.
 */
function mayCancel(row: { status: string; scope: Prisma.JsonValue; approvedScope: Prisma.JsonValue; grants: { status: string; connectorType: ConnectorType }[] }): boolean {
  if (!CANCELLABLE_STATUSES.has(row.status)) return false;
  const pending = row.grants.find((g) => g.status === "PENDING");
  return row.status !== "FULFILLING" || (!!pending && deliveryOf(pending.connectorType, scopeOf(row)) !== "automatic");
}

function linkDto(row: { id: string; number: number; kind: RequestKind; status: RequestStatus; createdAt: Date }) {
  return { id: row.id, number: formatRequestNumber(row.number), kind: row.kind, status: row.status, createdAt: row.createdAt };
}

export function toTicketDto(row: TicketRow, events: EventRow[], viewer: Viewer, now: Date) {
  const isRequester = row.requester.id === viewer.id;
  const ownsSubject = row.subject.owner?.id === viewer.id || row.subject.backupOwner?.id === viewer.id;
  const attest = attestable(row, viewer, now);
  return {
    id: row.id,
    number: formatRequestNumber(row.number),
    numberValue: row.number,
    kind: row.kind,
    exceptionType: row.exceptionType,
    status: row.status,
    requester: row.requester,
    subject: {
      id: row.subject.id,
      kind: row.subject.kind,
      name: row.subject.name,
      displayName: row.subject.displayName,
      nhiType: row.subject.nhiType,
      environment: row.subject.environment,
      workload: row.subject.workload,
      person: row.subject.user,
      owner: row.subject.owner,
      backupOwner: row.subject.backupOwner,
    },
    entitlement: row.entitlement,
    system: row.system,
    scope: row.scope,
    /** What the approvers let through, when one of them narrowed the requested scope. */
    approvedScope: row.approvedScope,
    justification: row.justification,
    expiresAt: row.expiresAt,
    risk: row.riskScore !== null && row.riskTier ? { score: row.riskScore, tier: row.riskTier } : null,
    decision: row.decisionRoute
      ? { route: row.decisionRoute, ruleId: row.policyRuleId, reasons: readDecisionReasons(row.decisionReasons), workflow: row.workflow }
      : null,
    policy: row.policyVersion,
    exception: {
      incidentId: row.incidentId,
      sponsor: row.sponsor,
      vendorWindowStart: row.vendorWindowStart,
      vendorWindowEnd: row.vendorWindowEnd,
      followUpDueAt: row.followUpDueAt,
    },
    failureReason: row.failureReason,
    dates: { createdAt: row.createdAt, submittedAt: row.submittedAt, decidedAt: row.decidedAt, closedAt: row.closedAt, updatedAt: row.updatedAt },
    currentStage: row.currentStage,
    stages: row.stages.map((stage) => ({
      id: stage.id,
      position: stage.position,
      name: stage.name,
      status: stage.status,
      quorum: stage.quorum,
      slaHours: stage.slaHours,
      dueAt: stage.dueAt,
      startedAt: stage.startedAt,
      completedAt: stage.completedAt,
      approvers: stage.assignments.map((a) => {
        // A delegate who stood in while the assignee was away decided it on the assignee's behalf.
        const decision = stage.decisions.filter((d) => d.approver.id === a.approver.id || d.onBehalfOf?.id === a.approver.id).at(-1);
        const stoodIn = decision && decision.approver.id !== a.approver.id;
        return {
          ...(stoodIn ? decision.approver : a.approver),
          assignment: a.status,
          onBehalfOf: stoodIn ? a.approver : a.onBehalfOf,
          decision: decision
            ? { outcome: decision.outcome, comment: decision.comment, at: decision.createdAt, narrowedScope: decision.narrowedScope, shortenedExpiresAt: decision.shortenedExpiresAt }
            : null,
        };
      }),
      decisions: stage.decisions.map((d) => ({
        outcome: d.outcome,
        comment: d.comment,
        at: d.createdAt,
        approver: d.approver,
        onBehalfOf: d.onBehalfOf,
        narrowedScope: d.narrowedScope,
        shortenedExpiresAt: d.shortenedExpiresAt,
      })),
    })),
    grants: row.grants.map((g) => ({ ...g, entitlement: g.entitlement?.name ?? null })),
    /** What the connectors read back from the targets: the closure evidence, oldest first. */
    evidence: row.evidence,
    comments: row.comments,
    parent: row.parent ? linkDto(row.parent) : null,
    children: row.children.map(linkDto),
    timeline: events.map((e) => ({
      seq: e.seq.toString(),
      at: e.occurredAt,
      action: e.action,
      actorType: e.actorType,
      actor: e.actor,
      entityType: e.entityType,
      entityId: e.entityId,
      data: e.data,
    })),
    can: {
      cancel: isRequester && row.kind !== "REVIEW" && mayCancel(row),
      comment: true,
      renew: isRequester && row.status === "ACTIVE" && row.expiresAt !== null && row.expiresAt > now,
      // A credential waits to be issued into the one answer that shows it (requests.collectCredential).
      collectCredential:
        isRequester || ownsSubject
          ? row.status === "FULFILLING"
            ? (row.grants.find((g) => g.status === "PENDING" && (g.type === "SECRET" || g.type === "CERTIFICATE"))?.type ?? null)
            : null
          : null,
      // The requester, the subject and an NHI's owners may ask to change, rotate or remove an active grant.
      changeGrants: isRequester || ownsSubject || row.subject.user?.id === viewer.id,
      // A change made by hand waits for this viewer's attestation (requests.attestManual).
      attest,
    },
  };
}

/**
 * What the viewer may attest on a system fulfilled by hand: its owner or an admin, never for
 * their own request or access. "grant" while the access waits to be set up; "revoke" once it is
 * being removed or past its expiry.
 */
function attestable(row: TicketRow, viewer: Viewer, now: Date): "grant" | "revoke" | null {
  if (row.system?.connectorType !== "MANUAL") return null;
  if (row.system.owner.id !== viewer.id && !viewer.roles.includes("ADMIN")) return null;
  if (row.requester.id === viewer.id || row.subject.user?.id === viewer.id) return null;
  if (row.status === "FULFILLING" && row.grants.some((g) => g.status === "PENDING")) return "grant";
  if (row.grants.some((g) => g.status === "REVOKING" || (g.status === "ACTIVE" && g.expiresAt !== null && g.expiresAt <= now))) return "revoke";
  return null;
}

export type TicketDto = ReturnType<typeof toTicketDto>;
