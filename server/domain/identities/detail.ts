import type { z } from "zod";
import type { ConnectorType, EvidenceKind, GrantStatus, GrantType, Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { expiryState, scopeLines, scopeSummary, type ExpiryState } from "./clock";
import { credentialsOf, type CredentialRow } from "./detail-credentials";
import { linkablePeople, type PersonLink } from "./detail-people";
import { identityIdInputSchema, visibleIdentityWhere, type IdentityViewer } from "./visibility";
import { visibleTicketIds } from "./visible-tickets";

export const identityDetailInputSchema = identityIdInputSchema;
export type IdentityDetailInput = z.input<typeof identityDetailInputSchema>;

export interface TicketLink {
  /** AR-000123 */
  reference: string;
  /** False when the viewer may not open the ticket: the page shows the number without a link. */
  visible: boolean;
}

export interface HeldGrant {
  id: string;
  type: GrantType;
  status: GrantStatus;
  entitlement: { name: string; key: string; riskTier: string; privileged: boolean } | null;
  system: { name: string; key: string; environment: string } | null;
  connectorType: ConnectorType;
  scopeSummary: string;
  /** The scope as "key: value" lines, for a cell that shows a few and the rest on hover. */
  scopeLines: string[];
  externalRef: string | null;
  grantedAt: Date | null;
  expiresAt: Date | null;
  expiry: ExpiryState;
  lastVerifiedAt: Date | null;
  ticket: TicketLink;
}

export interface ClosedGrant extends Omit<HeldGrant, "expiry" | "lastVerifiedAt"> {
  revokedAt: Date | null;
  closedAt: Date;
  /** Why fulfilment failed, as the ticket recorded it. */
  failureReason: string | null;
  /** The last evidence read back from the target for this grant (its removal, for a revoked grant). */
  closing: { kind: EvidenceKind; summary: string; connectorType: ConnectorType; verifiedAt: Date; attested: boolean } | null;
}

export type IdentityCredential = Omit<CredentialRow, "requestId" | "requestNumber"> & { ticket: TicketLink };

/** A person behind an NHI or a sponsored external: their account's activity decides whether they can still answer for it. */
export type OwnerLink = PersonLink & { active: boolean };

export interface OwnedIdentity {
  id: string;
  name: string;
  displayName: string;
  nhiType: string | null;
  status: string;
  role: "owner" | "backup owner";
  visible: boolean;
}

export interface IdentityDetail {
  identity: {
    id: string;
    kind: "HUMAN" | "NHI";
    name: string;
    displayName: string;
    description: string | null;
    status: string;
    nhiType: string | null;
    environment: string | null;
    workload: string | null;
    dependencies: string[];
    credentialScope: string | null;
    rotationPeriodDays: number | null;
    intendedUntil: Date | null;
    lastRotatedAt: Date | null;
    createdAt: Date;
  };
  /** The account of a person; null for an NHI and for an external person without an account. */
  person: { email: string; title: string | null; department: string; active: boolean; manager: OwnerLink | null } | null;
  owner: OwnerLink | null;
  backupOwner: OwnerLink | null;
  /** NHIs (and sponsored external people) this person owns or backs up. */
  owns: OwnedIdentity[];
  held: HeldGrant[];
  credentials: IdentityCredential[];
  history: ClosedGrant[];
  counts: { held: number; credentials: number; history: number };
}

const HELD: GrantStatus[] = ["ACTIVE", "REVOKING", "PENDING"];
const CLOSED: GrantStatus[] = ["REVOKED", "FAILED"];
/** Enough for any real identity; an identity with more shows the most recent. */
const LIMIT = 200;

const grantSelect = {
  id: true,
  type: true,
  status: true,
  connectorType: true,
  externalRef: true,
  scope: true,
  grantedAt: true,
  expiresAt: true,
  revokedAt: true,
  lastVerifiedAt: true,
  updatedAt: true,
  request: { select: { id: true, number: true, failureReason: true } },
  entitlement: {
    select: { name: true, key: true, riskTier: true, privileged: true, system: { select: { name: true, key: true, environment: true } } },
  },
  evidence: {
    orderBy: [{ verifiedAt: "desc" }, { id: "asc" }],
    take: 1,
    select: { kind: true, summary: true, connectorType: true, verifiedAt: true, attestedById: true },
  },
} satisfies Prisma.GrantSelect;

const personSelect = { id: true, name: true, email: true, active: true, identity: { select: { id: true } } } as const;

/**
 * One identity's access: who it is, what it holds now with the ticket behind each grant, its
 * secrets and certificates (metadata only), and what it held before with the evidence that
 * closed it. NOT_FOUND for an identity the viewer may not read, exactly like an unknown one.
 */
export async function identityDetail(db: PrismaClient, viewer: IdentityViewer, input: IdentityDetailInput, now: Date = new Date()): Promise<IdentityDetail> {
  const { id } = identityDetailInputSchema.parse(input);
  const visible = await visibleIdentityWhere(db, viewer, now);
  const row = await db.identity.findFirst({
    where: { AND: [{ id }, visible] },
    select: {
      id: true,
      kind: true,
      name: true,
      displayName: true,
      description: true,
      status: true,
      nhiType: true,
      environment: true,
      workload: true,
      dependencies: true,
      credentialScope: true,
      rotationPeriodDays: true,
      intendedUntil: true,
      lastRotatedAt: true,
      createdAt: true,
      user: { select: { id: true, email: true, title: true, department: true, active: true, manager: { select: personSelect } } },
      owner: { select: personSelect },
      backupOwner: { select: personSelect },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "No identity with this id that you may see.", "id");

  const [held, closed, credentials, owned, counts] = await Promise.all([
    db.grant.findMany({ where: { identityId: row.id, status: { in: HELD } }, orderBy: [{ grantedAt: { sort: "desc", nulls: "first" } }, { id: "asc" }], take: LIMIT, select: grantSelect }),
    db.grant.findMany({ where: { identityId: row.id, status: { in: CLOSED } }, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: LIMIT, select: grantSelect }),
    credentialsOf(db, row.id, row.rotationPeriodDays, now, LIMIT),
    row.user
      ? db.identity.findMany({
          where: { OR: [{ ownerId: row.user.id }, { backupOwnerId: row.user.id }] },
          orderBy: [{ status: "asc" }, { displayName: "asc" }],
          take: LIMIT,
          select: { id: true, name: true, displayName: true, nhiType: true, status: true, ownerId: true },
        })
      : Promise.resolve([]),
    db.grant.groupBy({ by: ["status"], where: { identityId: row.id }, _count: { _all: true } }),
  ]);

  const ticketIds = [...held, ...closed].map((g) => g.request.id).concat(credentials.map((c) => c.requestId));
  const [tickets, people] = await Promise.all([
    visibleTicketIds(db, viewer, ticketIds, now),
    linkablePeople(db, visible, [row.user?.manager, row.owner, row.backupOwner], owned.map((o) => o.id)),
  ]);
  const ticket = (request: { id: string; number: number }): TicketLink => ({ reference: formatRequestNumber(request.number), visible: tickets.has(request.id) });
  const personLink = (p: { id: string; name: string; email: string; active: boolean; identity: { id: string } | null } | null | undefined): OwnerLink | null =>
    p ? { userId: p.id, name: p.name, email: p.email, active: p.active, identityId: p.identity && people.has(p.identity.id) ? p.identity.id : null } : null;

  const base = (g: (typeof held)[number]) => ({
    id: g.id,
    type: g.type,
    status: g.status,
    entitlement: g.entitlement ? { name: g.entitlement.name, key: g.entitlement.key, riskTier: g.entitlement.riskTier, privileged: g.entitlement.privileged } : null,
    system: g.entitlement?.system ?? null,
    connectorType: g.connectorType,
    scopeSummary: scopeSummary(g.scope, 600),
    scopeLines: scopeLines(g.scope),
    externalRef: g.externalRef,
    grantedAt: g.grantedAt,
    expiresAt: g.expiresAt,
    ticket: ticket(g.request),
  });
  const count = (statuses: GrantStatus[]) => counts.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + c._count._all, 0);

  return {
    identity: {
      id: row.id,
      kind: row.kind,
      name: row.name,
      displayName: row.displayName,
      description: row.description,
      status: row.status,
      nhiType: row.nhiType,
      environment: row.environment,
      workload: row.workload,
      dependencies: row.dependencies,
      credentialScope: row.credentialScope,
      rotationPeriodDays: row.rotationPeriodDays,
      intendedUntil: row.intendedUntil,
      lastRotatedAt: row.lastRotatedAt,
      createdAt: row.createdAt,
    },
    person: row.user
      ? { email: row.user.email, title: row.user.title, department: row.user.department, active: row.user.active, manager: personLink(row.user.manager) }
      : null,
    owner: personLink(row.owner),
    backupOwner: personLink(row.backupOwner),
    owns: owned.map((o) => ({
      id: o.id,
      name: o.name,
      displayName: o.displayName,
      nhiType: o.nhiType,
      status: o.status,
      role: o.ownerId === row.user?.id ? "owner" : "backup owner",
      visible: people.has(o.id),
    })),
    held: held.map((g) => ({ ...base(g), expiry: g.status === "PENDING" ? "none" : expiryState(g.expiresAt, now), lastVerifiedAt: g.lastVerifiedAt })),
    credentials: credentials.map(({ requestId, requestNumber, ...c }) => ({ ...c, ticket: ticket({ id: requestId, number: requestNumber }) })),
    history: closed.map((g) => {
      const closing = g.evidence[0];
      return {
        ...base(g),
        revokedAt: g.revokedAt,
        closedAt: g.revokedAt ?? closing?.verifiedAt ?? g.updatedAt,
        failureReason: g.status === "FAILED" ? g.request.failureReason : null,
        closing: closing
          ? { kind: closing.kind, summary: closing.summary, connectorType: closing.connectorType, verifiedAt: closing.verifiedAt, attested: closing.attestedById !== null }
          : null,
      };
    }),
    counts: { held: count(HELD), credentials: credentials.length, history: count(CLOSED) },
  };
}
