import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { CONTROLS, type ControlId } from "@/server/domain/controls/catalogue";
import { decisionSelect, decisionView } from "@/server/domain/approvals/review-path";
import { controlsFor } from "@/server/domain/controls/map";
import { ticketEvidenceItems } from "@/server/domain/controls/ticket";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { readDecisionReasons } from "@/server/domain/requests/ticket-dto";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { answersFor } from "./ticket-view-answers";
import { checkTicketIntegrity, readTicketEvents } from "./ticket-view-integrity";
import { compareScopes, describeEvent } from "./ticket-view-words";

const person = { select: { id: true, name: true, email: true } } as const;

const EVIDENCE_SELECT = {
  id: true, number: true, kind: true, exceptionType: true, status: true, justification: true, scope: true, approvedScope: true,
  expiresAt: true, riskScore: true, riskTier: true, decisionRoute: true, policyRuleId: true, decisionReasons: true,
  submittedAt: true, decidedAt: true, closedAt: true, createdAt: true,
  requester: person,
  subject: { select: { id: true, kind: true, name: true, displayName: true, nhiType: true, owner: person, backupOwner: person } },
  system: { select: { key: true, name: true, environment: true, connectorType: true } },
  entitlement: { select: { key: true, name: true } },
  policyVersion: { select: { version: true, contentHash: true, publishedAt: true } },
  workflow: { select: { key: true, name: true } },
  children: { where: { kind: "REVIEW" }, orderBy: { number: "asc" }, select: { number: true, status: true } },
  stages: {
    orderBy: { position: "asc" },
    select: {
      position: true, name: true, quorum: true, status: true, startedAt: true, completedAt: true,
      decisions: decisionSelect,
    },
  },
  grants: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true, type: true, status: true, connectorType: true, externalRef: true, scope: true, grantedAt: true, expiresAt: true, revokedAt: true, lastVerifiedAt: true,
      entitlement: { select: { name: true } },
      secrets: { orderBy: { version: "asc" }, select: { id: true, label: true, version: true, prefix: true, fingerprint: true, expiresAt: true, revokedAt: true } },
      certificates: { orderBy: { notBefore: "asc" }, select: { id: true, serialNumber: true, fingerprintSha256: true, subjectDn: true, notBefore: true, notAfter: true, revokedAt: true, revocationReason: true } },
    },
  },
  evidence: {
    orderBy: { verifiedAt: "asc" },
    select: { id: true, grantId: true, kind: true, connectorType: true, summary: true, observed: true, artefactSha256: true, verifiedAt: true, attestedBy: person },
  },
} satisfies Prisma.AccessRequestSelect;

type Row = Prisma.AccessRequestGetPayload<{ select: typeof EVIDENCE_SELECT }>;

export interface ControlRef {
  id: ControlId;
  framework: string;
  ref: string;
  title: string;
}

function controlRefs(ids: readonly ControlId[]): ControlRef[] {
  return CONTROLS.filter((c) => ids.includes(c.id)).map((c) => ({ id: c.id, framework: c.framework, ref: c.ref, title: c.title }));
}

/** Statuses a ticket reaches only once it was approved, by people or by the policy. */
const APPROVED = new Set<string>(["AUTO_APPROVED", "APPROVED", "FULFILLING", "ACTIVE", "REVOKING", "CLOSED", "FAILED"]);

const DECISION_WORDS: Record<string, string> = { APPROVE: "Approval", DENY: "Denial", REQUEST_INFO: "Question" };

/** Each piece of the ticket's evidence with the controls it supports, and their union. */
function controlsOf(row: Row) {
  const grantType = new Map(row.grants.map((g) => [g.id, g.type]));
  const items = ticketEvidenceItems({
    kind: row.kind,
    exceptionType: row.exceptionType,
    subject: { kind: row.subject.kind, nhiType: row.subject.nhiType, hasOwner: row.subject.owner !== null },
    hasPolicyVersion: row.policyVersion !== null,
    decisions: row.stages.flatMap((s) => s.decisions.map((d) => ({ outcome: d.outcome, label: `${DECISION_WORDS[d.outcome] ?? d.outcome} by ${d.approver.name} (stage ${s.position + 1})` }))),
    closures: row.evidence.map((e) => ({
      kind: e.kind,
      grantType: e.grantId ? (grantType.get(e.grantId) ?? null) : null,
      label: `${e.kind.toLowerCase()} read-back (${e.connectorType.toLowerCase().replaceAll("_", " ")})`,
    })),
    labels: {
      ticket: `Ticket ${formatRequestNumber(row.number)} and its policy decision`,
      policy: row.policyVersion ? `Policy version ${row.policyVersion.version}` : undefined,
      identity: `${row.subject.displayName} registered with its owners`,
    },
  });
  const perItem = items.map(({ label, item }) => ({ label, type: item.type, controls: controlRefs(controlsFor(item)) }));
  const union = new Set(perItem.flatMap((i) => i.controls.map((c) => c.id)));
  return { items: perItem, all: controlRefs([...union]) };
}

/** The expiry the requester asked for: recorded at submit, else the one before the first shortening, else the ticket's own. */
function requestedExpiry(row: Row, submitted: unknown): Date | null {
  const at = submitted && typeof submitted === "object" ? (submitted as { expiresAt?: unknown }).expiresAt : undefined;
  if (typeof at === "string") return new Date(at);
  const shortened = row.stages.some((s) => s.decisions.some((d) => d.shortenedExpiresAt));
  return shortened ? null : row.expiresAt;
}

/**
 * Everything an auditor needs to answer, for one ticket: who asked, who approved it, under which
 * policy, for how long, whether it was removed, and whether its audit events are intact. Only a
 * ticket the viewer may see; any other answers NOT_FOUND like one that does not exist.
 */
export async function ticketEvidence(db: PrismaClient, viewer: Viewer, number: number | string) {
  const row = await db.accessRequest.findFirst({ where: { AND: [{ number: ticketNumber(number) }, visibleTicketWhere(viewer)] }, select: EVIDENCE_SELECT });
  if (!row) throw notFound();
  const events = await readTicketEvents(db, row.id);
  const integrity = await checkTicketIntegrity(db, events);
  const names = await namesFor(db, events);
  const submitted = events.find((e) => e.action === "request.submitted");
  const actsOn = await actsOnTicket(db, row);
  // Break-glass access is granted before any approval; its follow-up review ticket is where people decide.
  const breakGlass = readDecisionReasons(row.decisionReasons).some((r) => r.code === "BREAK_GLASS");
  const review = breakGlass ? { number: row.children[0] ? formatRequestNumber(row.children[0].number) : null, status: row.children[0]?.status ?? null } : null;
  const timeline = events.map((e) => ({
    id: e.id,
    seq: e.seq.toString(),
    occurredAt: e.occurredAt,
    statedAt: statedAt(e.data, e.occurredAt),
    actor: e.actorName ?? (e.actorType === "SYSTEM" ? "The portal" : e.actorType.toLowerCase().replace("_", " ")),
    actorType: e.actorType,
    action: e.action,
    description: describeEvent(e.action, e.data, names),
    entity: `${e.entityType} ${e.entityId}`,
    prevHash: e.prevHash,
    hash: e.hash,
    ...integrity.events.get(e.id)!,
  }));
  const approvals = row.stages.map((s) => ({
    position: s.position,
    name: s.name,
    quorum: s.quorum,
    status: s.status,
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    decisions: s.decisions.map(decisionView),
  }));
  const policy = {
    version: row.policyVersion?.version ?? null,
    contentHash: row.policyVersion?.contentHash ?? null,
    publishedAt: row.policyVersion?.publishedAt ?? null,
    ruleId: row.policyRuleId,
    route: row.decisionRoute,
    workflow: row.workflow,
    riskScore: row.riskScore,
    riskTier: row.riskTier,
    reasons: readDecisionReasons(row.decisionReasons),
  };
  const grants = row.grants.map((g) => ({
    id: g.id,
    type: g.type,
    status: g.status,
    connectorType: g.connectorType,
    what: g.entitlement?.name ?? row.entitlement?.name ?? null,
    externalRef: g.externalRef,
    scope: g.scope,
    grantedAt: g.grantedAt,
    expiresAt: g.expiresAt,
    revokedAt: g.revokedAt,
    lastVerifiedAt: g.lastVerifiedAt,
    // Fingerprints and prefixes only: a secret's value is never stored, so it cannot be shown.
    secrets: g.secrets,
    certificates: g.certificates,
  }));
  const evidence = row.evidence;
  const expiry = { requested: requestedExpiry(row, submitted?.data), approved: APPROVED.has(row.status) ? row.expiresAt : null, granted: grants.map((g) => g.expiresAt).filter((d): d is Date => d !== null) };
  const integritySummary = {
    ok: integrity.ok,
    checked: integrity.checked,
    altered: integrity.altered,
    broken: integrity.broken,
    headSeq: integrity.headSeq,
    firstSeq: timeline[0]?.seq ?? null,
    lastSeq: timeline.at(-1)?.seq ?? null,
    problems: timeline.filter((t) => t.integrity !== "ok").map((t) => ({ seq: t.seq, integrity: t.integrity, problem: t.problem })),
  };
  return {
    number: formatRequestNumber(row.number),
    numberValue: row.number,
    summary: {
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
        owner: row.subject.owner,
        backupOwner: row.subject.backupOwner,
      },
      system: row.system,
      entitlement: row.entitlement,
      justification: row.justification,
      /** The ticket whose grant this one changes, removes or rotates. */
      actsOn,
      /** For break-glass access: its follow-up review ticket. */
      review,
      dates: { createdAt: row.createdAt, submittedAt: row.submittedAt, decidedAt: row.decidedAt, closedAt: row.closedAt },
    },
    answers: answersFor({ kind: row.kind, actsOn, review, status: row.status, approvals, policy, expiry, grants, evidence, integrity: integritySummary }),
    timeline,
    approvals,
    policy,
    scope: { requested: row.scope, approved: row.approvedScope ?? row.scope, narrowed: row.approvedScope !== null, granted: grants.map((g) => ({ grantId: g.id, scope: g.scope })), rows: compareScopes(row.scope, row.approvedScope ?? row.scope, grants.map((g) => g.scope)) },
    expiry,
    grants,
    evidence,
    controls: controlsOf(row),
    integrity: integritySummary,
  };
}

export type TicketEvidenceView = Awaited<ReturnType<typeof ticketEvidence>>;

/** The number of the ticket whose grant a MODIFY, REVOKE or ROTATE ticket acts on (scope.grantId). */
async function actsOnTicket(db: PrismaClient, row: Pick<Row, "kind" | "scope">): Promise<string | null> {
  if (row.kind !== "MODIFY" && row.kind !== "REVOKE" && row.kind !== "ROTATE") return null;
  const grantId = row.scope && typeof row.scope === "object" && !Array.isArray(row.scope) ? (row.scope as Record<string, unknown>).grantId : undefined;
  if (typeof grantId !== "string") return null;
  const grant = await db.grant.findUnique({ where: { id: grantId }, select: { request: { select: { number: true } } } });
  return grant ? formatRequestNumber(grant.request.number) : null;
}

/**
 * The time an event's data says it happened, when that differs from when the database recorded it
 * (events imported from another tool carry their original time in `at`).
 */
function statedAt(data: unknown, occurredAt: Date): Date | null {
  const at = data && typeof data === "object" ? (data as { at?: unknown }).at : undefined;
  if (typeof at !== "string") return null;
  const stated = new Date(at);
  return Number.isNaN(stated.getTime()) || Math.abs(stated.getTime() - occurredAt.getTime()) < 1000 ? null : stated;
}

/** Names of the people the events' data refers to by id (on behalf of, escalated to). */
async function namesFor(db: PrismaClient, events: { data: unknown }[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const e of events) {
    const d = e.data && typeof e.data === "object" ? (e.data as Record<string, unknown>) : {};
    for (const key of ["onBehalfOfId", "onBehalfOf", "to"]) if (typeof d[key] === "string") ids.add(d[key]);
  }
  const uuids = [...ids].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: uuids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
