import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { controlsFor, type SubjectFacts } from "@/server/domain/controls/map";
import { ticketControls } from "@/server/domain/controls/ticket";
import { ticketMatchSql } from "@/server/domain/explorer/where";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { AppError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/requests/visibility";
import type { EvidenceSelection } from "./manifest";
import { ticketPageSql } from "./ticket-sql";

export const PAGE_SIZE = 200;

type Person = { name: string; email: string } | null;
type Json = Prisma.JsonValue;

/** One ticket as `ticketPageSql` writes it: the columns the pack needs, timestamps as ISO text, `seq` as text. */
export interface TicketRow {
  id: string; number: number; kind: string; exceptionType: string | null; status: string; justification: string;
  scope: Json; approvedScope: Json | null; expiresAt: string | null; riskScore: number | null; riskTier: string | null;
  decisionRoute: string | null; policyRuleId: string | null; decisionReasons: Json | null;
  submittedAt: string | null; decidedAt: string | null; closedAt: string | null; createdAt: string;
  requester: Person;
  subject: { name: string; displayName: string; kind: "HUMAN" | "NHI"; nhiType: string | null; ownerId: string | null };
  system: { key: string; name: string } | null;
  entitlement: { key: string; name: string } | null;
  policyVersion: { version: number; contentHash: string } | null;
  stages: { position: number; name: string; status: string; quorum: number; startedAt: string | null; completedAt: string | null }[];
  decisions: {
    outcome: string; comment: string | null; narrowedScope: Json | null; shortenedExpiresAt: string | null; createdAt: string;
    approver: Person; onBehalfOf: Person; stage: { position: number; name: string };
  }[];
  grants: {
    id: string; type: string; status: string; connectorType: string; externalRef: string | null; scope: Json;
    grantedAt: string | null; expiresAt: string | null; revokedAt: string | null;
    secrets: { label: string; fingerprint: string; prefix: string; version: number; expiresAt: string | null; revokedAt: string | null }[];
    certificates: { serialNumber: string; fingerprintSha256: string; subjectDn: string; notBefore: string; notAfter: string; revokedAt: string | null }[];
  }[];
  evidence: {
    kind: string; connectorType: string; summary: string; observed: Json; artefactSha256: string | null; verifiedAt: string;
    grantId: string | null; attestedBy: Person; grantType: string | null;
  }[];
  auditEvents: {
    seq: string; occurredAt: string; actorType: string; action: string; entityType: string; entityId: string; data: Json;
    prevHash: string; hash: string; actor: Person;
  }[];
}

/** One ticket as the pack records it: JSON-ready, timestamps as the database gave them. */
export type EvidenceTicket = ReturnType<typeof toEvidenceTicket>;
export type EvidenceEvent = EvidenceTicket["auditEvents"][number];

/** A search result is read with its exporter's visibility, so a pack never holds a ticket they may not see. */
function searchSql(selection: { filter: Extract<EvidenceSelection, { filter: unknown }>["filter"] }, viewer: Viewer | null): Prisma.Sql {
  if (!viewer) throw new AppError("BAD_REQUEST", "A pack of a search result needs the person who exports it.", "selection");
  return ticketMatchSql(viewer, selection.filter);
}

export async function countTickets(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer | null = null): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`SELECT count(*)::int AS count FROM "AccessRequest" r WHERE ${selectionSql(selection, viewer)}`);
  return row?.count ?? 0;
}

/** The selection as one condition over "AccessRequest" r: what `countTickets` counts and `ticketPages` reads. */
function selectionSql(selection: EvidenceSelection, viewer: Viewer | null): Prisma.Sql {
  if ("filter" in selection) return searchSql(selection, viewer);
  if ("requestIds" in selection) return selection.requestIds.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`r.id IN (${Prisma.join(selection.requestIds)})`;
  const from = new Date(selection.from).toISOString();
  const to = new Date(selection.to).toISOString();
  return Prisma.sql`r."createdAt" >= ${from}::timestamptz AND r."createdAt" < ${to}::timestamptz`;
}

/**
 * Parses a page's tickets one at a time as they are reached and lets go of each text once parsed,
 * so a page in memory is its JSON text plus the one ticket being written.
 */
function* parsePage(texts: (string | null)[]): Generator<EvidenceTicket> {
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    texts[i] = null;
    yield toEvidenceTicket(JSON.parse(text) as TicketRow);
  }
}

/**
 * The selected tickets in number order, a page (one query) at a time, so memory does not grow with
 * the pack. The next page is asked for before the current one is handed out, so the database reads
 * it while the caller writes this one; at most two pages are held.
 */
export async function* ticketPages(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer | null = null, pageSize = PAGE_SIZE): AsyncGenerator<Iterable<EvidenceTicket>> {
  const where = selectionSql(selection, viewer);
  const read = (after: number) => {
    const rows = db.$queryRaw<{ number: number; ticket: string }[]>(ticketPageSql(where, after, pageSize));
    // Prisma's queries start when first awaited: this handler starts the read ahead now, and keeps
    // its failure from going unhandled when the caller stops before reaching it.
    rows.catch(() => undefined);
    return rows;
  };
  let next = read(0);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    const full = rows.length === pageSize;
    if (full) next = read(rows[rows.length - 1]!.number);
    yield parsePage(rows.map((r) => r.ticket));
    if (!full) return;
  }
}

const who = (p: Person) => (p ? { name: p.name, email: p.email } : null);

export function toEvidenceTicket(r: TicketRow) {
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
      closures: r.evidence.map((e) => ({ kind: e.kind, grantType: e.grantType })),
    }),
    system: r.system ? { key: r.system.key, name: r.system.name } : null,
    entitlement: r.entitlement ? { key: r.entitlement.key, name: r.entitlement.name } : null,
    justification: r.justification,
    scope: { requested: r.scope, approved: r.approvedScope },
    expiresAt: r.expiresAt,
    decision: {
      route: r.decisionRoute,
      riskScore: r.riskScore,
      riskTier: r.riskTier,
      policyVersion: r.policyVersion?.version ?? null,
      policyHash: r.policyVersion?.contentHash ?? null,
      rule: r.policyRuleId,
      reasons: r.decisionReasons,
    },
    createdAt: r.createdAt,
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
    closedAt: r.closedAt,
    stages: r.stages,
    decisions: r.decisions.map((d) => ({
      stage: d.stage.position,
      stageName: d.stage.name,
      outcome: d.outcome,
      approver: who(d.approver),
      onBehalfOf: who(d.onBehalfOf),
      comment: d.comment,
      narrowedScope: d.narrowedScope,
      shortenedExpiresAt: d.shortenedExpiresAt,
      at: d.createdAt,
      controls: controlsFor({ type: "approval", outcome: d.outcome, subject }),
    })),
    grants: r.grants,
    closureEvidence: r.evidence.map(({ grantType, ...e }) => ({
      ...e,
      attestedBy: who(e.attestedBy),
      controls: controlsFor({ type: "closure", kind: e.kind, grantType, subject }),
    })),
    auditEvents: r.auditEvents.map((e) => ({
      seq: e.seq,
      occurredAt: e.occurredAt,
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
