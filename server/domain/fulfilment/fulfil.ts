import type { ConnectorType, GrantType, Prisma, PrismaClient } from "@/server/db/generated/client";
import { ConnectorError, type Connector, type ConnectorTarget, type GrantResult, type Observation } from "@/server/connectors/types";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { enqueue } from "@/server/jobs/enqueue";

/** The job that carries an approved ticket out on its target. */
export const FULFILMENT_GRANT_JOB = "fulfilment.grant";

/** Queues the ticket's fulfilment once, in the transaction that approves it. */
export async function queueFulfilment(tx: Prisma.TransactionClient, requestId: string, now: Date): Promise<void> {
  await enqueue(tx, { type: FULFILMENT_GRANT_JOB, payload: { requestId }, dedupeKey: `fulfil:${requestId}`, requestId, runAt: now });
}

const TX = { maxWait: 15_000, timeout: 30_000 } as const;
const FULFILLABLE_KINDS = new Set(["GRANT", "EXCEPTION"]);

export const GRANT_TYPE: Record<ConnectorType, GrantType> = {
  POSTGRES: "ENTITLEMENT",
  WEBHOOK: "ENTITLEMENT",
  MANUAL: "ENTITLEMENT",
  API_KEY: "SECRET",
  CERTIFICATE_AUTHORITY: "CERTIFICATE",
};

/**
 * How the change reaches the target: the portal does it in the background; or the requester
 * collects it, because it makes a secret (an API key, a generated private key) that is shown once
 * and must never rest anywhere; or a named person does it by hand and attests.
 */
export function deliveryOf(type: ConnectorType, scope: Record<string, unknown>): "automatic" | "collect" | "manual" {
  if (type === "MANUAL") return "manual";
  if (type === "API_KEY") return "collect";
  if (type === "CERTIFICATE_AUTHORITY" && typeof scope.csrPem !== "string") return "collect";
  return "automatic";
}

export type FulfilOutcome =
  | { state: "active"; grantId: string; observation: Observation }
  | { state: "awaiting"; grantId: string; delivery: "collect" | "manual" }
  | { state: "skipped"; reason: string };

export interface FulfilOptions {
  now: Date;
  connectorFor: (type: ConnectorType) => Connector | null;
}

const ticketSelect = {
  id: true,
  number: true,
  kind: true,
  status: true,
  scope: true,
  approvedScope: true,
  expiresAt: true,
  entitlementId: true,
  subject: { select: { id: true, name: true, kind: true } },
  system: { select: { key: true, connectorType: true, connectorConfig: true } },
  grants: { where: { status: { in: ["PENDING", "ACTIVE"] } }, orderBy: { createdAt: "asc" }, select: { id: true, status: true, externalRef: true } },
} as const satisfies Prisma.AccessRequestSelect;

export type FulfilTicket = Prisma.AccessRequestGetPayload<{ select: typeof ticketSelect }>;

export function loadFulfilTicket(db: PrismaClient | Prisma.TransactionClient, requestId: string): Promise<FulfilTicket | null> {
  return db.accessRequest.findUnique({ where: { id: requestId }, select: ticketSelect });
}

/**
 * Carries an approved ticket out. Idempotent, so a retry after a crash heals: the ticket moves to
 * FULFILLING with one PENDING Grant row (created once, under the ticket's row lock); the connector
 * grants (itself idempotent) and verify reads the target back; only what verify saw makes the
 * Grant ACTIVE, with its closure evidence and the ticket ACTIVE, in one transaction.
 */
export async function fulfilRequest(db: PrismaClient, requestId: string, options: FulfilOptions): Promise<FulfilOutcome> {
  const started = await db.$transaction((tx) => startFulfilment(tx, requestId, options.now), TX);
  if (started.state !== "ready") return started.state === "skipped" ? started : { state: "awaiting", grantId: started.grantId, delivery: started.delivery };
  const { ticket, grantId } = started;
  const connector = options.connectorFor(ticket.system!.connectorType);
  if (!connector) throw new ConnectorError(`No connector is installed for ${ticket.system!.connectorType}.`, false);
  const target = targetOf(ticket, grantId);
  const result = await connector.grant({ db, now: options.now }, target);
  const observation = await connector.verify({ db, now: options.now }, { ...target, externalRef: result.externalRef });
  await recordGranted(db, ticket, grantId, result, observation, options.now);
  return { state: "active", grantId, observation };
}

type Started =
  | { state: "ready"; ticket: FulfilTicket; grantId: string }
  | { state: "awaiting"; grantId: string; delivery: "collect" | "manual" }
  | { state: "skipped"; reason: string };

async function startFulfilment(tx: Prisma.TransactionClient, requestId: string, now: Date): Promise<Started> {
  // The ticket row lock makes two runs of the job agree on one Grant row.
  await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${requestId} FOR UPDATE`;
  const ticket = await loadFulfilTicket(tx, requestId);
  if (!ticket) return { state: "skipped", reason: "The ticket no longer exists." };
  if (!FULFILLABLE_KINDS.has(ticket.kind)) return { state: "skipped", reason: `${ticket.kind} tickets are not fulfilled by this job.` };
  if (!["APPROVED", "AUTO_APPROVED", "FULFILLING"].includes(ticket.status)) {
    return { state: "skipped", reason: `The ticket is ${ticket.status}; only approved tickets are fulfilled.` };
  }
  if (!ticket.system) return { state: "skipped", reason: "The ticket names no system to fulfil on." };
  const scope = scopeOf(ticket);
  const delivery = deliveryOf(ticket.system.connectorType, scope);
  const existing = ticket.grants[0];
  let grantId = existing?.id;
  if (!existing) {
    const grant = await tx.grant.create({
      data: {
        requestId,
        identityId: ticket.subject.id,
        entitlementId: ticket.entitlementId,
        type: GRANT_TYPE[ticket.system.connectorType],
        status: "PENDING",
        connectorType: ticket.system.connectorType,
        scope: scope as Prisma.InputJsonObject,
        expiresAt: ticket.expiresAt,
      },
      select: { id: true },
    });
    grantId = grant.id;
    await tx.accessRequest.update({ where: { id: requestId }, data: { status: "FULFILLING", failureReason: null } });
    await appendAuditEvents(tx, [
      {
        actorType: "SYSTEM",
        action: "fulfilment.started",
        entityType: "Grant",
        entityId: grant.id,
        requestId,
        data: { connectorType: ticket.system.connectorType, delivery, from: ticket.status, at: now.toISOString() },
      },
    ]);
  }
  if (existing?.status === "ACTIVE") return { state: "skipped", reason: "The access is already granted and verified." };
  if (delivery !== "automatic") return { state: "awaiting", grantId: grantId!, delivery };
  return { state: "ready", ticket, grantId: grantId! };
}

/** The scope the approvers let through, as the connector receives it. */
export function scopeOf(ticket: { scope: Prisma.JsonValue; approvedScope: Prisma.JsonValue }): Record<string, unknown> {
  const scope = ticket.approvedScope ?? ticket.scope;
  return scope && typeof scope === "object" && !Array.isArray(scope) ? (scope as Record<string, unknown>) : {};
}

export function targetOf(ticket: FulfilTicket, grantId: string): ConnectorTarget {
  const config = ticket.system!.connectorConfig;
  return {
    requestId: ticket.id,
    grantId,
    system: {
      key: ticket.system!.key,
      connectorType: ticket.system!.connectorType,
      config: config && typeof config === "object" && !Array.isArray(config) ? (config as Record<string, unknown>) : {},
    },
    identity: { id: ticket.subject.id, name: ticket.subject.name, kind: ticket.subject.kind },
    scope: scopeOf(ticket),
    expiresAt: ticket.expiresAt,
  };
}

/**
 * Records what verify saw. Access that verify could not confirm is never recorded as granted:
 * the connector is asked again by the retry, and after the last attempt the ticket fails.
 */
export async function recordGranted(
  db: PrismaClient,
  ticket: FulfilTicket,
  grantId: string,
  result: GrantResult,
  observation: Observation,
  now: Date,
  /** The person who collected a credential shown once, or attested a change made by hand. */
  by?: RecordedBy,
): Promise<void> {
  if (!observation.present) {
    throw new ConnectorError(`The target does not show the access after granting it: ${observation.summary}`);
  }
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${ticket.id} FOR UPDATE`;
    const grant = await tx.grant.findUniqueOrThrow({ where: { id: grantId }, select: { status: true } });
    if (grant.status === "ACTIVE") return;
    await tx.grant.update({ where: { id: grantId }, data: { status: "ACTIVE", externalRef: result.externalRef, grantedAt: now, lastVerifiedAt: now } });
    const evidence = await tx.closureEvidence.create({
      data: {
        requestId: ticket.id,
        grantId,
        kind: "GRANTED",
        connectorType: ticket.system!.connectorType,
        observed: observation.observed as Prisma.InputJsonObject,
        summary: observation.summary,
        attestedById: by?.how === "attested" ? by.userId : null,
        artefactSha256: by?.artefactSha256 ?? null,
        verifiedAt: now,
      },
      select: { id: true },
    });
    await tx.accessRequest.update({ where: { id: ticket.id }, data: { status: "ACTIVE" } });
    const ref = { requestId: ticket.id, actorType: "SYSTEM" as const };
    const events: AuditEventInput[] = [
      { ...ref, action: "grant.created", entityType: "Grant", entityId: grantId, data: { grantId, externalRef: result.externalRef, connectorType: ticket.system!.connectorType, expiresAt: ticket.expiresAt } },
      { ...ref, action: "evidence.recorded", entityType: "ClosureEvidence", entityId: evidence.id, data: { kind: "GRANTED", grantId, summary: observation.summary } },
      { ...ref, action: "request.activated", entityType: "AccessRequest", entityId: ticket.id, data: { grantId, expiresAt: ticket.expiresAt } },
    ];
    if (by) events.unshift(byEvent(ticket.id, grantId, result, by));
    await appendAuditEvents(tx, events);
  }, TX);
}

export interface RecordedBy {
  userId: string;
  how: "collected" | "attested";
  /** SHA-256 of the artefact a person uploaded as proof of a change made by hand. */
  artefactSha256?: string;
}

/** Who did the step a person does: collected the credential (fingerprint only) or attested the change. */
export function byEvent(requestId: string, grantId: string, result: GrantResult | null, by: RecordedBy): AuditEventInput {
  const base = { requestId, actorType: "USER" as const, actorId: by.userId, entityType: "Grant", entityId: grantId };
  if (by.how === "collected") {
    // The fingerprint and prefix only: the value itself was shown once and is gone.
    return { ...base, action: "credential.collected", data: { grantId, prefix: result?.secret?.prefix ?? null, fingerprint: result?.secret?.fingerprint ?? null } };
  }
  return { ...base, action: "fulfilment.attested", data: { grantId, artefactSha256: by.artefactSha256 ?? null } };
}

/**
 * After the last attempt, or a failure no retry can fix: the ticket shows FAILED with the reason,
 * and the PENDING Grant row is marked FAILED, so no row claims access that verify did not confirm.
 */
export async function markFulfilmentFailed(db: PrismaClient, requestId: string, reason: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${requestId} FOR UPDATE`;
    const ticket = await tx.accessRequest.findUnique({ where: { id: requestId }, select: { status: true } });
    if (ticket?.status !== "FULFILLING") return;
    const failed = await tx.grant.updateMany({ where: { requestId, status: "PENDING" }, data: { status: "FAILED" } });
    await tx.accessRequest.update({ where: { id: requestId }, data: { status: "FAILED", failureReason: reason } });
    await appendAuditEvents(tx, [
      { requestId, actorType: "SYSTEM", action: "request.failed", entityType: "AccessRequest", entityId: requestId, data: { reason, failedGrants: failed.count, at: now.toISOString() } },
    ]);
  }, TX);
}
