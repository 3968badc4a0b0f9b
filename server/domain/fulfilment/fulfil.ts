import type { ConnectorType, EvidenceKind, GrantType, Prisma, PrismaClient, RequestKind } from "@/server/db/generated/client";
import { ConnectorError, type Connector, type ConnectorContext, type ConnectorTarget, type GrantResult, type Observation } from "@/server/connectors/types";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { exceptionGrantWindow } from "@/server/domain/exceptions/caps";
import { notify, type NotificationInput } from "@/server/domain/notifications/notify";
import { getPolicyVersion } from "@/server/domain/policy/store";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { enqueue } from "@/server/jobs/enqueue";
import { REVOKE_GRANT_JOB } from "./revoke";

/** The job that carries an approved ticket out on its target. */
export const FULFILMENT_GRANT_JOB = "fulfilment.grant";

/** Queues the ticket's fulfilment once, in the transaction that approves it. */
export async function queueFulfilment(
  tx: Prisma.TransactionClient,
  requestId: string,
  now: Date,
  /** The ticket's vendor window start, when the caller has just written it; read from the ticket otherwise. */
  known?: { vendorWindowStart: Date | null },
): Promise<void> {
  // A vendor session is set up when its window opens, not when it is approved.
  const ticket = known ?? (await tx.accessRequest.findUnique({ where: { id: requestId }, select: { vendorWindowStart: true } }));
  const opens = ticket?.vendorWindowStart;
  const runAt = opens && opens > now ? opens : now;
  await enqueue(tx, { type: FULFILMENT_GRANT_JOB, payload: { requestId }, dedupeKey: `fulfil:${requestId}`, requestId, runAt });
}

const TX = { maxWait: 15_000, timeout: 30_000 } as const;
/** Kinds whose fulfilment creates a Grant; a REVOKE ticket removes one (revoke-request.ts). */
const GRANTING_KINDS = new Set(["GRANT", "EXCEPTION", "MODIFY", "ROTATE"]);

/** The closure evidence a granting ticket ends with, when it is not GRANTED. */
const EVIDENCE_KIND: Partial<Record<RequestKind, EvidenceKind>> = { MODIFY: "MODIFIED", ROTATE: "ROTATED" };

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
  | { state: "closed"; summary: string }
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
  requesterId: true,
  exceptionType: true,
  vendorWindowStart: true,
  vendorWindowEnd: true,
  policyVersionId: true,
  entitlement: { select: { name: true } },
  subject: { select: { id: true, name: true, kind: true, ownerId: true, backupOwnerId: true } },
  system: { select: { key: true, name: true, ownerId: true, connectorType: true, connectorConfig: true } },
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
  const result = await issue(connector, { db, now: options.now }, ticket, target);
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
  if (!GRANTING_KINDS.has(ticket.kind)) return { state: "skipped", reason: `${ticket.kind} tickets are not fulfilled by this job.` };
  if (!["APPROVED", "AUTO_APPROVED", "FULFILLING"].includes(ticket.status)) {
    return { state: "skipped", reason: `The ticket is ${ticket.status}; only approved tickets are fulfilled.` };
  }
  if (!ticket.system) return { state: "skipped", reason: "The ticket names no system to fulfil on." };
  const scope = scopeOf(ticket);
  const delivery = deliveryOf(ticket.system.connectorType, scope);
  const existing = ticket.grants[0];
  let grantId = existing?.id;
  if (!existing) {
    const window = await grantWindow(tx, ticket, now);
    if (window.notBefore) throw new ConnectorError(`The vendor window opens at ${window.notBefore.toISOString()}; the access is granted then.`);
    if (window.expiresAt && window.expiresAt <= now) {
      throw new ConnectorError(`The access would end at ${window.expiresAt.toISOString()}, before it could start: the exception's window is over.`, false);
    }
    if (window.expiresAt?.getTime() !== ticket.expiresAt?.getTime()) {
      await tx.accessRequest.update({ where: { id: requestId }, data: { expiresAt: window.expiresAt } });
      ticket.expiresAt = window.expiresAt;
    }
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
        data: { connectorType: ticket.system.connectorType, delivery, from: ticket.status, at: now.toISOString(), expiresAt: ticket.expiresAt?.toISOString() ?? null },
      },
    ]);
    if (delivery !== "automatic") await notify(tx, waitingNotes(ticket, delivery));
  }
  if (existing?.status === "ACTIVE") return { state: "skipped", reason: "The access is already granted and verified." };
  if (delivery !== "automatic") return { state: "awaiting", grantId: grantId!, delivery };
  return { state: "ready", ticket, grantId: grantId! };
}

/**
 * When the grant ends: an exception's hard limits, applied whatever was approved (its type's cap
 * in the pinned policy counts from the moment of granting, and a vendor session stays inside its
 * window); a rotation keeps the end of the credential it replaces.
 */
async function grantWindow(tx: Prisma.TransactionClient, ticket: FulfilTicket, now: Date) {
  let definition: { maxTtlHours: number } | null = null;
  if (ticket.exceptionType && ticket.policyVersionId) {
    const policy = await getPolicyVersion(tx, ticket.policyVersionId);
    definition = policy.document.exceptionTypes[ticket.exceptionType] ?? null;
  }
  // A rotation (or a change that names no expiry) ends when the access it replaces would have.
  const replaced = ticket.expiresAt ? null : replacedGrantId(ticket);
  const inherited = replaced ? (await tx.grant.findUnique({ where: { id: replaced }, select: { expiresAt: true } }))?.expiresAt : null;
  return exceptionGrantWindow({ ...ticket, expiresAt: ticket.expiresAt ?? inherited ?? null }, definition, now);
}

/** Who must act for a ticket that waits on a person: the requester collects, the system's owner fulfils by hand. */
function waitingNotes(ticket: FulfilTicket, delivery: "collect" | "manual"): NotificationInput[] {
  const reference = formatRequestNumber(ticket.number);
  const what = `${ticket.entitlement?.name ?? "Access"} for ${ticket.subject.name}`;
  if (delivery === "collect") {
    return [{ userId: ticket.requesterId, requestId: ticket.id, kind: "fulfilment.credential_ready", title: `${reference}: ready to collect`, body: `${what} is approved. Open the ticket to collect the credential; it is shown once.` }];
  }
  return [{ userId: ticket.system!.ownerId, requestId: ticket.id, kind: "fulfilment.manual_task", title: `${reference}: grant by hand`, body: `${what} on ${ticket.system!.name} is approved. Make the change, then attest it with an artefact on the ticket.` }];
}

/** The scope the approvers let through, as the connector receives it. */
export function scopeOf(ticket: { scope: Prisma.JsonValue; approvedScope: Prisma.JsonValue }): Record<string, unknown> {
  return objectOf(ticket.approvedScope ?? ticket.scope);
}

/** A stored JSON object (a scope, a connector configuration) as the connector reads it; anything else reads as empty. */
export function objectOf(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The grant a MODIFY or ROTATE ticket replaces, as its scope names it at submit. */
export function replacedGrantId(ticket: { kind: string; scope: Prisma.JsonValue }): string | null {
  if (ticket.kind !== "MODIFY" && ticket.kind !== "ROTATE") return null;
  const id = scopeOf({ scope: ticket.scope, approvedScope: null }).grantId;
  return typeof id === "string" ? id : null;
}

/** Creates the ticket's access on the target: a grant, or for a ROTATE the next version of the credential. */
export async function issue(connector: Connector, ctx: ConnectorContext, ticket: FulfilTicket, target: ConnectorTarget): Promise<GrantResult> {
  if (ticket.kind !== "ROTATE") return connector.grant(ctx, target);
  const replaced = replacedGrantId(ticket);
  if (!connector.rotate) throw new ConnectorError(`${target.system.connectorType} access has no credential to rotate.`, false);
  const previous = replaced ? await ctx.db.grant.findUnique({ where: { id: replaced }, select: { id: true, externalRef: true } }) : null;
  if (!previous) throw new ConnectorError("The ticket names no grant to rotate.", false);
  return connector.rotate(ctx, target, { grantId: previous.id, externalRef: previous.externalRef ?? previous.id });
}

export function targetOf(ticket: FulfilTicket, grantId: string): ConnectorTarget {
  return {
    requestId: ticket.id,
    grantId,
    system: {
      key: ticket.system!.key,
      connectorType: ticket.system!.connectorType,
      config: objectOf(ticket.system!.connectorConfig),
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
    if (grant.status !== "PENDING") throw new ConnectorError(`The grant is ${grant.status}: the ticket was cancelled while it was being granted, and nothing is recorded.`, false);
    await tx.grant.update({ where: { id: grantId }, data: { status: "ACTIVE", externalRef: result.externalRef, grantedAt: now, lastVerifiedAt: now } });
    const kind = EVIDENCE_KIND[ticket.kind] ?? "GRANTED";
    const evidence = await tx.closureEvidence.create({
      data: {
        requestId: ticket.id,
        grantId,
        kind,
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
      { ...ref, action: "evidence.recorded", entityType: "ClosureEvidence", entityId: evidence.id, data: { kind, grantId, summary: observation.summary } },
      { ...ref, action: "request.activated", entityType: "AccessRequest", entityId: ticket.id, data: { grantId, expiresAt: ticket.expiresAt } },
    ];
    if (by) events.unshift(byEvent(ticket.id, grantId, result, by));
    const replaced = replacedGrantId(ticket);
    if (replaced) events.push(await retireReplaced(tx, ticket, replaced, grantId, result.previousUntil ?? now));
    await appendAuditEvents(tx, events);
  }, TX);
}

/**
 * The grant a MODIFY or ROTATE replaced is revoked once the new one is verified: at once for a
 * change, at the end of the overlap for a rotation, so the credential's users can switch.
 */
async function retireReplaced(tx: Prisma.TransactionClient, ticket: FulfilTicket, replacedId: string, grantId: string, at: Date): Promise<AuditEventInput> {
  const reason = `${ticket.kind === "ROTATE" ? "superseded" : "replaced"} by ${formatRequestNumber(ticket.number)}`;
  await enqueue(tx, {
    type: REVOKE_GRANT_JOB,
    payload: { grantId: replacedId, reason, superseded: ticket.kind === "ROTATE" },
    dedupeKey: `revoke:${replacedId}`,
    requestId: ticket.id,
    runAt: at,
  });
  return {
    requestId: ticket.id,
    actorType: "SYSTEM",
    action: "grant.superseded",
    entityType: "Grant",
    entityId: replacedId,
    data: { grantId: replacedId, by: grantId, reason, revokeAt: at.toISOString() },
  };
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
    // A ticket fails in fulfilment, or before it started when its limits forbid the grant.
    if (!ticket || !["FULFILLING", "APPROVED", "AUTO_APPROVED"].includes(ticket.status)) return;
    const failed = await tx.grant.updateMany({ where: { requestId, status: "PENDING" }, data: { status: "FAILED" } });
    await tx.accessRequest.update({ where: { id: requestId }, data: { status: "FAILED", failureReason: reason } });
    await appendAuditEvents(tx, [
      { requestId, actorType: "SYSTEM", action: "request.failed", entityType: "AccessRequest", entityId: requestId, data: { reason, failedGrants: failed.count, at: now.toISOString() } },
    ]);
  }, TX);
}
