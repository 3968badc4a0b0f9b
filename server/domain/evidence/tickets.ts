import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { controlsFor, type SubjectFacts } from "@/server/domain/controls/map";
import { ticketControls } from "@/server/domain/controls/ticket";
import { ticketMatchSql } from "@/server/domain/explorer/where";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { AppError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/requests/visibility";
import type { EvidenceSelection } from "./manifest";

export const PAGE_SIZE = 200;

const person = { select: { name: true, email: true } } as const;

const TICKET_SELECT = {
  id: true, number: true, kind: true, exceptionType: true, status: true, justification: true,
  scope: true, approvedScope: true, expiresAt: true, riskScore: true, riskTier: true, decisionRoute: true,
  policyRuleId: true, decisionReasons: true, submittedAt: true, decidedAt: true, closedAt: true, createdAt: true,
  requester: person,
  subject: { select: { name: true, displayName: true, kind: true, nhiType: true, ownerId: true } },
  system: { select: { key: true, name: true } },
  entitlement: { select: { key: true, name: true } },
  policyVersion: { select: { version: true, contentHash: true } },
  stages: { orderBy: { position: "asc" }, select: { position: true, name: true, status: true, quorum: true, startedAt: true, completedAt: true } },
  decisions: {
    orderBy: { createdAt: "asc" },
    select: { outcome: true, comment: true, narrowedScope: true, shortenedExpiresAt: true, createdAt: true, approver: person, onBehalfOf: person, stage: { select: { position: true, name: true } } },
  },
  grants: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true, type: true, status: true, connectorType: true, externalRef: true, scope: true, grantedAt: true, expiresAt: true, revokedAt: true,
      secrets: { orderBy: { version: "asc" }, select: { label: true, fingerprint: true, prefix: true, version: true, expiresAt: true, revokedAt: true } },
      certificates: { select: { serialNumber: true, fingerprintSha256: true, subjectDn: true, notBefore: true, notAfter: true, revokedAt: true } },
    },
  },
  evidence: {
    orderBy: { verifiedAt: "asc" },
    select: { kind: true, connectorType: true, summary: true, observed: true, artefactSha256: true, verifiedAt: true, grantId: true, attestedBy: person, grant: { select: { type: true } } },
  },
  auditEvents: {
    orderBy: { seq: "asc" },
    select: { seq: true, occurredAt: true, actorType: true, action: true, entityType: true, entityId: true, data: true, prevHash: true, hash: true, actor: person },
  },
} satisfies Prisma.AccessRequestSelect;

type Row = Prisma.AccessRequestGetPayload<{ select: typeof TICKET_SELECT }>;

/** One ticket as the pack records it: JSON-ready, timestamps as the database gave them. */
export type EvidenceTicket = ReturnType<typeof toEvidenceTicket>;
export type EvidenceEvent = EvidenceTicket["auditEvents"][number];

type RangeSelection = Exclude<EvidenceSelection, { filter: unknown }>;

function rangeWhere(selection: RangeSelection): Prisma.AccessRequestWhereInput {
  if ("requestIds" in selection) return { id: { in: selection.requestIds } };
  return { createdAt: { gte: new Date(selection.from), lt: new Date(selection.to) } };
}

/** A search result is read with its exporter's visibility, so a pack never holds a ticket they may not see. */
function searchSql(selection: { filter: Extract<EvidenceSelection, { filter: unknown }>["filter"] }, viewer: Viewer | null): Prisma.Sql {
  if (!viewer) throw new AppError("BAD_REQUEST", "A pack of a search result needs the person who exports it.", "selection");
  return ticketMatchSql(viewer, selection.filter);
}

export async function countTickets(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer | null = null): Promise<number> {
  if (!("filter" in selection)) return db.accessRequest.count({ where: rangeWhere(selection) });
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`SELECT count(*)::int AS count FROM "AccessRequest" r WHERE ${searchSql(selection, viewer)}`);
  return row?.count ?? 0;
}

/** Which tickets make the next page of the selection, after ticket number `after`. */
async function nextWhere(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer | null, after: number, take: number): Promise<Prisma.AccessRequestWhereInput> {
  if (!("filter" in selection)) return { AND: [rangeWhere(selection), { number: { gt: after } }] };
  const rows = await db.$queryRaw<{ number: number }[]>(
    Prisma.sql`SELECT r.number FROM "AccessRequest" r WHERE ${searchSql(selection, viewer)} AND r.number > ${after} ORDER BY r.number LIMIT ${take}`,
  );
  return { number: { in: rows.map((r) => r.number) } };
}

/** The selected tickets in number order, a page at a time, so memory does not grow with the pack. */
export async function* ticketPages(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer | null = null, pageSize = PAGE_SIZE): AsyncGenerator<EvidenceTicket[]> {
  let after = 0;
  for (;;) {
    const rows = await db.accessRequest.findMany({
      where: await nextWhere(db, selection, viewer, after, pageSize),
      orderBy: { number: "asc" },
      take: pageSize,
      select: TICKET_SELECT,
    });
    if (rows.length === 0) return;
    yield rows.map(toEvidenceTicket);
    after = rows[rows.length - 1]!.number;
    if (rows.length < pageSize) return;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const who = (p: { name: string; email: string } | null) => (p ? { name: p.name, email: p.email } : null);

export function toEvidenceTicket(r: Row) {
  const subject: SubjectFacts = { kind: r.subject.kind, nhiType: r.subject.nhiType };
  return {
    number: formatRequestNumber(r.number),
    id: r.id,
    kind: r.kind,
    exceptionType: r.exceptionType,
    status: r.status,
    requester: who(r.requester),
    subject: { name: r.subject.name, displayName: r.subject.displayName, kind: r.subject.kind, nhiType: r.subject.nhiType },
    /** Every control some evidence item of this ticket supports (server/domain/controls). */
    controls: ticketControls({
      kind: r.kind,
      exceptionType: r.exceptionType,
      subject: { ...subject, hasOwner: r.subject.ownerId !== null },
      hasPolicyVersion: r.policyVersion !== null,
      decisions: r.decisions,
      closures: r.evidence.map((e) => ({ kind: e.kind, grantType: e.grant?.type ?? null })),
    }),
    system: r.system ? { key: r.system.key, name: r.system.name } : null,
    entitlement: r.entitlement ? { key: r.entitlement.key, name: r.entitlement.name } : null,
    justification: r.justification,
    scope: { requested: r.scope, approved: r.approvedScope },
    expiresAt: iso(r.expiresAt),
    decision: {
      route: r.decisionRoute,
      riskScore: r.riskScore,
      riskTier: r.riskTier,
      policyVersion: r.policyVersion?.version ?? null,
      policyHash: r.policyVersion?.contentHash ?? null,
      rule: r.policyRuleId,
      reasons: r.decisionReasons,
    },
    createdAt: r.createdAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    decidedAt: iso(r.decidedAt),
    closedAt: iso(r.closedAt),
    stages: r.stages.map((s) => ({ ...s, startedAt: iso(s.startedAt), completedAt: iso(s.completedAt) })),
    decisions: r.decisions.map((d) => ({
      stage: d.stage.position,
      stageName: d.stage.name,
      outcome: d.outcome,
      approver: who(d.approver),
      onBehalfOf: who(d.onBehalfOf),
      comment: d.comment,
      narrowedScope: d.narrowedScope,
      shortenedExpiresAt: iso(d.shortenedExpiresAt),
      at: d.createdAt.toISOString(),
      controls: controlsFor({ type: "approval", outcome: d.outcome, subject }),
    })),
    grants: r.grants.map((g) => ({
      ...g,
      grantedAt: iso(g.grantedAt),
      expiresAt: iso(g.expiresAt),
      revokedAt: iso(g.revokedAt),
      secrets: g.secrets.map((s) => ({ ...s, expiresAt: iso(s.expiresAt), revokedAt: iso(s.revokedAt) })),
      certificates: g.certificates.map((c) => ({ ...c, notBefore: iso(c.notBefore), notAfter: iso(c.notAfter), revokedAt: iso(c.revokedAt) })),
    })),
    closureEvidence: r.evidence.map(({ grant, ...e }) => ({
      ...e,
      attestedBy: who(e.attestedBy),
      verifiedAt: e.verifiedAt.toISOString(),
      controls: controlsFor({ type: "closure", kind: e.kind, grantType: grant?.type ?? null, subject }),
    })),
    auditEvents: r.auditEvents.map((e) => ({
      seq: e.seq.toString(),
      occurredAt: e.occurredAt.toISOString(),
      actorType: e.actorType,
      actor: who(e.actor),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data: e.data,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
  };
}
