import type { RequestStatus } from "@/server/db/generated/enums";
import { actionInWords } from "@/server/domain/audit/action-words";
import { formatDateTime, kindLabel } from "../labels";
import type { RouterOutputs } from "../router-types";
import type { LinkRelation, TicketEvidence, TicketView } from "./ticket-view";

type TicketDto = RouterOutputs["requests"]["get"];

/** An auto-approval says whether a pre-approved pattern or break-glass (granted at once, reviewed afterwards) allowed it. */
function eventInWords(action: string, data: unknown): string {
  if (action !== "request.auto_approved" || data === null || typeof data !== "object") return actionInWords(action);
  const { breakGlass, preApprovedPattern } = data as { breakGlass?: unknown; preApprovedPattern?: unknown };
  if (breakGlass === true) return "granted it at once under break-glass, before review";
  return typeof preApprovedPattern === "string" ? `auto-approved it under pre-approved pattern ${preApprovedPattern}` : actionInWords(action);
}

function approverState(a: TicketDto["stages"][number]["approvers"][number]): TicketView["stages"][number]["approvers"][number]["state"] {
  if (a.decision?.outcome === "APPROVE") return "approved";
  if (a.decision?.outcome === "DENY") return "denied";
  if (a.decision?.outcome === "REQUEST_INFO") return "info";
  return a.assignment === "WITHDRAWN" ? "withdrawn" : "pending";
}

// The stored decision names its pattern only in the reason the engine wrote for it.
function patternOf(reasons: { code: string; message: string }[]): string | null {
  const reason = reasons.find((r) => r.code === "PRE_APPROVED_PATTERN");
  return reason?.message.match(/^Pre-approved pattern (\S+):/)?.[1] ?? null;
}

const CONNECTORS: Record<string, string> = {
  POSTGRES: "PostgreSQL",
  API_KEY: "API-key issuer",
  CERTIFICATE_AUTHORITY: "Internal CA",
  WEBHOOK: "Signed webhook",
  MANUAL: "Manual task",
};

export function connectorLabel(type: string): string {
  return CONNECTORS[type] ?? type.toLowerCase().replaceAll("_", " ");
}

function evidenceView(e: TicketDto["evidence"][number]): TicketEvidence {
  return { id: e.id, kind: e.kind, connector: connectorLabel(e.connectorType), summary: e.summary, observed: e.observed, verifiedAt: e.verifiedAt, attestation: attestationOf(e) };
}

/** A person's attestation, as recorded for a change made by hand (observed.attestation, observed.artefact.name). */
function attestationOf(e: TicketDto["evidence"][number]): TicketEvidence["attestation"] {
  if (!e.attestedBy && !e.artefactSha256) return null;
  const observed = e.observed && typeof e.observed === "object" && !Array.isArray(e.observed) ? (e.observed as Record<string, unknown>) : {};
  const artefact = observed.artefact && typeof observed.artefact === "object" ? (observed.artefact as Record<string, unknown>) : {};
  return {
    by: e.attestedBy?.name ?? null,
    statement: typeof observed.attestation === "string" ? observed.attestation : null,
    artefactName: typeof artefact.name === "string" ? artefact.name : null,
    artefactSha256: e.artefactSha256,
  };
}

const lower = (value: string | null | undefined) => (value ? value.toLowerCase().replaceAll("_", " ") : null);

const ENDED = new Set(["DENIED", "CANCELLED", "FAILED", "EXPIRED_UNDECIDED"]);

/** What may be asked of an active grant: a credential is rotated, an entitlement changed; both removed. */
function grantLinks(subjectId: string, grant: { id: string; type: string }): { label: string; href: string }[] {
  const href = (kind: string) => `/requests/new?${new URLSearchParams({ kind, subject: subjectId, grant: grant.id }).toString()}`;
  const change = grant.type === "ENTITLEMENT" ? { label: "Change", href: href("MODIFY") } : { label: "Rotate", href: href("ROTATE") };
  return [change, { label: "Remove access", href: href("REVOKE") }];
}

const CHANGE_WORDS: Record<string, [LinkRelation, LinkRelation]> = {
  MODIFY: ["changes access of", "changed by"],
  REVOKE: ["removes access of", "removed by"],
  ROTATE: ["rotates the credential of", "rotated by"],
};

/** "AR-2 removes access of AR-1", and on AR-1: "removed by AR-2". */
function changeRelation(kind: string, relation: "acts on" | "acted on by"): LinkRelation {
  const words = CHANGE_WORDS[kind];
  if (!words) return "related";
  return relation === "acts on" ? words[0] : words[1];
}

function breakGlassOf(t: TicketDto): TicketView["breakGlass"] {
  const base = { dueAt: t.exception.followUpDueAt, incidentId: t.exception.incidentId };
  if (t.kind === "REVIEW") return { role: "review", other: t.parent ? { number: t.parent.number, status: t.parent.status } : null, ...base };
  if (!t.decision?.reasons.some((r) => r.code === "BREAK_GLASS")) return null;
  const review = t.children.find((c) => c.kind === "REVIEW");
  return { role: "emergency", other: review ? { number: review.number, status: review.status } : null, ...base };
}

export function toTicketView(t: TicketDto): TicketView {
  const s = t.subject;
  const subjectDetail = [
    s.person ? { label: "Email", value: s.person.email } : null,
    s.nhiType ? { label: "Type", value: lower(s.nhiType) ?? "" } : null,
    s.environment ? { label: "Environment", value: lower(s.environment) ?? "" } : null,
    s.workload ? { label: "Workload", value: s.workload } : null,
    s.owner ? { label: "Owner", value: s.owner.name } : null,
    s.backupOwner ? { label: "Backup owner", value: s.backupOwner.name } : null,
  ].filter((x): x is { label: string; value: string } => x !== null);
  const e = t.exception;
  const exceptionDetail = [
    e.incidentId ? { label: "Incident", value: e.incidentId } : null,
    e.sponsor ? { label: "Sponsor", value: e.sponsor.name } : null,
    e.vendorWindowStart && e.vendorWindowEnd ? { label: "Vendor session", value: `${formatDateTime(e.vendorWindowStart)} – ${formatDateTime(e.vendorWindowEnd)}` } : null,
    e.followUpDueAt ? { label: "Follow-up review due", value: formatDateTime(e.followUpDueAt) } : null,
    t.failureReason ? { label: "Failure", value: t.failureReason } : null,
  ].filter((x): x is { label: string; value: string } => x !== null);
  const what = t.entitlement?.name ?? t.system?.name ?? "access";
  const where = t.entitlement && t.system ? ` on ${t.system.name}` : "";
  return {
    number: t.number,
    status: t.status,
    kind: t.kind,
    exceptionType: t.exceptionType,
    title: `${kindLabel(t.kind, t.exceptionType)} ${what}${where} for ${s.displayName}`,
    riskTier: t.risk?.tier ?? null,
    riskScore: t.risk?.score ?? null,
    expiresAt: t.expiresAt,
    submittedAt: t.dates.submittedAt,
    updatedAt: t.dates.updatedAt,
    requesterName: t.requester.name,
    subject: { kind: s.kind, name: s.name, displayName: s.displayName, detail: subjectDetail },
    target: { system: t.system?.name ?? null, environment: t.system?.environment ?? null, entitlement: t.entitlement?.name ?? null },
    scope: t.scope,
    approvedScope: t.approvedScope,
    justification: t.justification,
    exceptionDetail,
    decision: t.decision
      ? {
          route: t.decision.route,
          ruleId: t.decision.ruleId,
          policyVersion: t.policy?.version ?? null,
          policyHash: t.policy?.contentHash ?? null,
          pattern: t.decision.route === "AUTO_APPROVE" ? patternOf(t.decision.reasons) : null,
          workflowName: t.decision.workflow?.name ?? null,
          reasons: t.decision.reasons.map((r) => r.message),
        }
      : null,
    stages: t.stages.map((stage) => ({
      position: stage.position,
      name: stage.name,
      status: stage.status,
      quorum: stage.quorum,
      dueAt: stage.dueAt,
      approvers: stage.approvers.map((a) => ({
        name: a.onBehalfOf ? `${a.name} on behalf of ${a.onBehalfOf.name}` : a.name,
        state: approverState(a),
        comment: a.decision?.comment ?? null,
        at: a.decision?.at ?? null,
        narrowing: [
          ...(a.decision?.narrowedScope ? ["narrowed the scope"] : []),
          ...(a.decision?.shortenedExpiresAt ? [`shortened the expiry to ${formatDateTime(a.decision.shortenedExpiresAt)}`] : []),
        ],
      })),
    })),
    grants: t.grants.map((g) => ({
      id: g.id,
      type: g.type,
      status: g.status,
      what: g.entitlement ?? what,
      connector: connectorLabel(g.connectorType),
      externalRef: g.externalRef,
      grantedAt: g.grantedAt,
      expiresAt: g.expiresAt,
      revokedAt: g.revokedAt,
      lastVerifiedAt: g.lastVerifiedAt,
      evidence: t.evidence.filter((e) => e.grantId === g.id).map(evidenceView),
    })),
    otherEvidence: t.evidence.filter((e) => !e.grantId || !t.grants.some((g) => g.id === e.grantId)).map(evidenceView),
    linked: [
      ...(t.parent ? [{ relation: t.kind === "REVIEW" ? ("reviews" as const) : ("renews" as const), number: t.parent.number, status: t.parent.status as RequestStatus }] : []),
      ...t.children.map((c) => ({ relation: c.kind === "REVIEW" ? ("reviewed by" as const) : ("renewed by" as const), number: c.number, status: c.status as RequestStatus })),
      ...t.grantChanges.map((c) => ({ relation: changeRelation(c.relation === "acts on" ? t.kind : c.kind, c.relation), number: c.number, status: c.status as RequestStatus })),
    ],
    breakGlass: breakGlassOf(t),
    timeline: t.timeline.map((ev) => ({
      id: ev.seq,
      actor: ev.actor?.name ?? (ev.actorType === "SYSTEM" ? "The portal" : ev.actorType.toLowerCase()),
      action: eventInWords(ev.action, ev.data),
      at: ev.at,
    })),
    comments: t.comments.map((c) => ({ id: c.id, author: c.author.name, body: c.body, at: c.createdAt })),
    canCancel: t.can.cancel,
    canRenew: t.can.renew,
    // A grant that a live change, rotation or removal already acts on offers none again.
    grantActions: t.can.changeGrants && !t.grantChanges.some((c) => c.relation === "acted on by" && !ENDED.has(c.status)) ? t.grants.filter((g) => g.status === "ACTIVE").map((g) => ({ grantId: g.id, links: grantLinks(t.subject.id, g) })) : [],
    collect: t.can.collectCredential === "SECRET" ? "key" : t.can.collectCredential === "CERTIFICATE" ? "certificate" : null,
    attest: t.can.attest,
  };
}
