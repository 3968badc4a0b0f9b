import type { ConnectorType, Prisma, PrismaClient } from "@/server/db/generated/client";
import { ConnectorError, type Connector, type ConnectorTarget, type Observation } from "@/server/connectors/types";
import { appendAuditEvents } from "@/server/domain/audit/append";
import { enqueueMany } from "@/server/jobs/enqueue";
import { byEvent, type RecordedBy } from "./fulfil";

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
  request: { select: { id: true, status: true, system: { select: { key: true, connectorType: true, connectorConfig: true } } } },
} as const satisfies Prisma.GrantSelect;

export type RevokeOutcome = { state: "revoked"; summary: string } | { state: "skipped"; reason: string };

/**
 * Takes a grant off its target and proves it: the grant (and its ticket) go REVOKING first, the
 * connector revokes (idempotently), verify must read the access as gone, and only then is the
 * grant REVOKED with closure evidence and the ticket CLOSED. A failure leaves it REVOKING, where
 * the overdue-revocations list shows it until a retry succeeds: nothing expired stays silently active.
 */
export async function revokeGrant(
  db: PrismaClient,
  grantId: string,
  options: { now: Date; reason: string; connectorFor: (type: ConnectorType) => Connector | null },
): Promise<RevokeOutcome> {
  const grant = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
    const row = await tx.grant.findUnique({ where: { id: grantId }, select: grantSelect });
    if (!row || !["ACTIVE", "REVOKING"].includes(row.status)) return null;
    if (row.status === "ACTIVE") {
      await tx.grant.update({ where: { id: grantId }, data: { status: "REVOKING" } });
      if (row.request.status === "ACTIVE") await tx.accessRequest.update({ where: { id: row.requestId }, data: { status: "REVOKING" } });
      await appendAuditEvents(tx, [
        { requestId: row.requestId, actorType: "SYSTEM", action: "request.revoking", entityType: "Grant", entityId: grantId, data: { grantId, reason: options.reason, at: options.now.toISOString() } },
      ]);
    }
    return row;
  }, TX);
  if (!grant) return { state: "skipped", reason: "The grant is not active." };
  const system = grant.request.system;
  if (!system) throw new ConnectorError("The grant's ticket names no system to revoke on.", false);
  const connector = options.connectorFor(grant.connectorType);
  if (!connector) throw new ConnectorError(`No connector is installed for ${grant.connectorType}.`, false);
  const config = system.connectorConfig;
  const target: ConnectorTarget & { externalRef: string } = {
    requestId: grant.requestId,
    grantId,
    system: { key: system.key, connectorType: grant.connectorType, config: config && typeof config === "object" && !Array.isArray(config) ? (config as Record<string, unknown>) : {} },
    identity: grant.identity,
    scope: grant.scope && typeof grant.scope === "object" && !Array.isArray(grant.scope) ? (grant.scope as Record<string, unknown>) : {},
    expiresAt: grant.expiresAt,
    externalRef: grant.externalRef ?? grantId,
  };
  await connector.revoke({ db, now: options.now }, target);
  const observation = await connector.verify({ db, now: options.now }, target);
  if (observation.present) throw new ConnectorError(`The target still shows the access after revoking it: ${observation.summary}`);

  await recordRevoked(db, { id: grantId, requestId: grant.requestId, connectorType: grant.connectorType, externalRef: target.externalRef }, observation, options.now, options.reason);
  return { state: "revoked", summary: observation.summary };
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
    ]);
  }, TX);
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
