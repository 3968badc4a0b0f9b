import type { ConnectorType, Prisma, PrismaClient } from "@/server/db/generated/client";
import { ConnectorError, type Connector, type Observation, type RevokeTarget } from "@/server/connectors/types";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { notify } from "@/server/domain/notifications/notify";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { enqueueMany } from "@/server/jobs/enqueue";
import { byEvent, objectOf, type RecordedBy } from "./fulfil";

/** Removes one grant from its target; queued per grant, retried with the runner's backoff. */
export const REVOKE_GRANT_JOB = "fulfilment.revoke";
/** Finds grants past their expiry and queues their revocation; runs every minute. */
export const EXPIRY_SWEEP_JOB = "grants.expiry_sweep";

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

/** Queues a revocation for every ACTIVE grant whose expiry has passed, once per grant. */
export async function queueExpiredRevocations(db: PrismaClient, now: Date, limit = 500): Promise<number> {
  const due = await db.grant.findMany({
    where: { status: { in: ["ACTIVE", "REVOKING"] }, expiresAt: { lte: now } },
    orderBy: { expiresAt: "asc" },
    take: limit,
    select: { id: true, requestId: true },
  });
  return enqueueMany(
    db,
    due.map((g) => ({ type: REVOKE_GRANT_JOB, payload: { grantId: g.id, reason: "expired" }, dedupeKey: `revoke:${g.id}`, requestId: g.requestId, runAt: now })),
  );
}

const grantSelect = {
  id: true,
  status: true,
  externalRef: true,
  scope: true,
  expiresAt: true,
  connectorType: true,
  requestId: true,
  identity: { select: { id: true, name: true, kind: true } },
  entitlement: { select: { name: true } },
  request: { select: { id: true, number: true, status: true, system: { select: { key: true, name: true, ownerId: true, connectorType: true, connectorConfig: true } } } },
} as const satisfies Prisma.GrantSelect;

export type RevokeOutcome =
  | { state: "revoked"; summary: string }
  /** A system without an API: the grant waits, REVOKING, for its fulfiller's attestation. */
  | { state: "awaiting"; grantId: string }
  | { state: "skipped"; reason: string };

export interface RevokeOptions {
  now: Date;
  reason: string;
  /** A rotation replaced the access: the target records the old version as superseded. */
  superseded?: boolean;
  connectorFor: (type: ConnectorType) => Connector | null;
}

/**
 * Takes a grant off its target and proves it: the grant (and its ticket) go REVOKING first, the
 * connector revokes (idempotently), verify must read the access as gone, and only then is the
 * grant REVOKED with closure evidence and the ticket CLOSED. A failure leaves it REVOKING, where
 * the overdue-revocations list shows it until a retry succeeds: nothing expired stays silently active.
 */
export async function revokeGrant(
  db: PrismaClient,
  grantId: string,
  options: RevokeOptions,
): Promise<RevokeOutcome> {
  const grant = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
    const row = await tx.grant.findUnique({ where: { id: grantId }, select: grantSelect });
    if (!row || !["ACTIVE", "PENDING", "REVOKING"].includes(row.status)) return null;
    // A PENDING grant (its fulfilment under way) is stopped too: REVOKING keeps anything from being recorded on it.
    if (row.status !== "REVOKING") {
      await tx.grant.update({ where: { id: grantId }, data: { status: "REVOKING" } });
      if (row.request.status === "ACTIVE") await tx.accessRequest.update({ where: { id: row.requestId }, data: { status: "REVOKING" } });
      await appendAuditEvents(tx, [
        { requestId: row.requestId, actorType: "SYSTEM", action: "request.revoking", entityType: "Grant", entityId: grantId, data: { grantId, reason: options.reason, at: options.now.toISOString() } },
      ]);
      const system = row.request.system;
      if (row.connectorType === "MANUAL" && system) {
        await notify(tx, [
          {
            userId: system.ownerId,
            requestId: row.requestId,
            kind: "fulfilment.manual_task",
            title: `${formatRequestNumber(row.request.number)}: remove by hand`,
            body: `${row.entitlement?.name ?? "Access"} for ${row.identity.name} on ${system.name} must be removed (${options.reason}). Remove it, then attest the removal with an artefact on the ticket.`,
          },
        ]);
      }
    }
    return row;
  }, TX);
  if (!grant) return { state: "skipped", reason: "The grant is not active." };
  if (grant.connectorType === "MANUAL") return { state: "awaiting", grantId };
  const system = grant.request.system;
  if (!system) throw new ConnectorError("The grant's ticket names no system to revoke on.", false);
  const connector = options.connectorFor(grant.connectorType);
  if (!connector) throw new ConnectorError(`No connector is installed for ${grant.connectorType}.`, false);
  const target: RevokeTarget = {
    requestId: grant.requestId,
    grantId,
    system: { key: system.key, connectorType: grant.connectorType, config: objectOf(system.connectorConfig) },
    identity: grant.identity,
    scope: objectOf(grant.scope),
    expiresAt: grant.expiresAt,
    externalRef: grant.externalRef ?? grantId,
    superseded: options.superseded,
  };
  const ctx = { db, now: options.now };
  const heir = await sharingGrant(db, grant);
  if (heir) {
    // Another live grant holds the very same access on the target (a change kept the membership):
    // removing it would take that grant's access too. Verify shows it continuing, and that is recorded.
    const seen = await connector.verify(ctx, target);
    const observation = { ...seen, observed: { ...seen.observed, continuesUnderGrant: heir.id }, summary: `${seen.summary}; it continues under ${formatRequestNumber(heir.request.number)}, so nothing was removed on the target` };
    await recordRevoked(db, { id: grantId, requestId: grant.requestId, connectorType: grant.connectorType, externalRef: target.externalRef }, observation, options.now, options.reason);
    return { state: "revoked", summary: observation.summary };
  }
  await connector.revoke(ctx, target);
  const observation = await connector.verify(ctx, target);
  if (observation.present) throw new ConnectorError(`The target still shows the access after revoking it: ${observation.summary}`);

  await recordRevoked(db, { id: grantId, requestId: grant.requestId, connectorType: grant.connectorType, externalRef: target.externalRef }, observation, options.now, options.reason);
  return { state: "revoked", summary: observation.summary };
}

/** A live grant of the same identity naming the same access on the target. */
function sharingGrant(db: PrismaClient, grant: { id: string; externalRef: string | null; connectorType: ConnectorType; identity: { id: string } }) {
  if (!grant.externalRef) return null;
  return db.grant.findFirst({
    where: { id: { not: grant.id }, identityId: grant.identity.id, connectorType: grant.connectorType, externalRef: grant.externalRef, status: "ACTIVE" },
    select: { id: true, request: { select: { number: true } } },
  });
}

/**
 * Records a removal that verify (or a person's attestation) confirmed: the grant REVOKED with its
 * closure evidence, and the ticket CLOSED once none of its grants holds access any more.
 */
export async function recordRevoked(
  db: PrismaClient,
  grant: { id: string; requestId: string; connectorType: ConnectorType; externalRef: string | null },
  observation: Observation,
  now: Date,
  reason: string,
  by?: RecordedBy,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${grant.id} FOR UPDATE`;
    const current = await tx.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true } });
    if (current.status !== "REVOKING" && current.status !== "ACTIVE") return;
    await tx.grant.update({ where: { id: grant.id }, data: { status: "REVOKED", revokedAt: now, lastVerifiedAt: now } });
    const evidence = await tx.closureEvidence.create({
      data: {
        requestId: grant.requestId,
        grantId: grant.id,
        kind: "REVOKED",
        connectorType: grant.connectorType,
        observed: observation.observed as Prisma.InputJsonObject,
        summary: observation.summary,
        attestedById: by?.how === "attested" ? by.userId : null,
        artefactSha256: by?.artefactSha256 ?? null,
        verifiedAt: now,
      },
      select: { id: true },
    });
    const open = await tx.grant.count({ where: { requestId: grant.requestId, status: { in: ["ACTIVE", "REVOKING", "PENDING"] } } });
    if (open === 0) await tx.accessRequest.update({ where: { id: grant.requestId }, data: { status: "CLOSED", closedAt: now } });
    const ref = { requestId: grant.requestId, actorType: "SYSTEM" as const };
    await appendAuditEvents(tx, [
      ...(by ? [byEvent(grant.requestId, grant.id, null, by)] : []),
      { ...ref, action: "grant.revoked", entityType: "Grant", entityId: grant.id, data: { grantId: grant.id, reason, externalRef: grant.externalRef } },
      { ...ref, action: "evidence.recorded", entityType: "ClosureEvidence", entityId: evidence.id, data: { kind: "REVOKED", grantId: grant.id, summary: observation.summary } },
      ...(open === 0 ? [{ ...ref, action: "request.closed", entityType: "AccessRequest", entityId: grant.requestId, data: { reason } }] : []),
      ...(await closeRevokeTickets(tx, grant, observation, now)),
    ]);
  }, TX);
}

/**
 * The REVOKE tickets waiting on this grant's removal close with the same read-back as their
 * closure evidence, in the transaction that records the removal.
 */
export async function closeRevokeTickets(
  tx: Prisma.TransactionClient,
  grant: { id: string; connectorType: ConnectorType },
  observation: Observation,
  now: Date,
): Promise<AuditEventInput[]> {
  const tickets = await tx.accessRequest.findMany({
    where: { kind: "REVOKE", status: { in: ["FULFILLING", "FAILED"] }, scope: { path: ["grantId"], equals: grant.id } },
    select: { id: true },
  });
  const events: AuditEventInput[] = [];
  for (const ticket of tickets) {
    const evidence = await tx.closureEvidence.create({
      data: { requestId: ticket.id, grantId: grant.id, kind: "REVOKED", connectorType: grant.connectorType, observed: observation.observed as Prisma.InputJsonObject, summary: observation.summary, verifiedAt: now },
      select: { id: true },
    });
    await tx.accessRequest.update({ where: { id: ticket.id }, data: { status: "CLOSED", closedAt: now } });
    const ref = { requestId: ticket.id, actorType: "SYSTEM" as const };
    events.push(
      { ...ref, action: "evidence.recorded", entityType: "ClosureEvidence", entityId: evidence.id, data: { kind: "REVOKED", grantId: grant.id, summary: observation.summary } },
      { ...ref, action: "request.closed", entityType: "AccessRequest", entityId: ticket.id, data: { grantId: grant.id } },
    );
  }
  return events;
}

/** Grants that should be gone and are not: past expiry and still ACTIVE, or stuck REVOKING. */
export async function overdueRevocations(db: PrismaClient, now: Date) {
  return db.grant.findMany({
    where: { OR: [{ status: "REVOKING" }, { status: "ACTIVE", expiresAt: { lte: now } }] },
    orderBy: { expiresAt: "asc" },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      connectorType: true,
      externalRef: true,
      request: { select: { number: true } },
      identity: { select: { name: true, displayName: true } },
      entitlement: { select: { name: true } },
    },
  });
}
