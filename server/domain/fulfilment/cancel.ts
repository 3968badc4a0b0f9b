import type { ConnectorType, Prisma, PrismaClient } from "@/server/db/generated/client";
import type { Connector, Observation } from "@/server/connectors/types";
import { appendAuditEvents, type AuditEventInput } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { notify } from "@/server/domain/notifications/notify";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { deliveryOf, loadFulfilTicket, scopeOf, targetOf } from "./fulfil";

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

/** Approved tickets whose access is not granted yet, which their requester may still withdraw. */
export const CANCELLABLE_IN_FULFILMENT = ["APPROVED", "AUTO_APPROVED", "FULFILLING"] as const;

/**
 * Withdraws an approved ticket before its access exists, and proves that it does not: a ticket
 * still waiting for fulfilment closes with the portal's record that nothing was sent; a grant
 * waiting for its credential to be collected is removed on the target and read back absent; a
 * grant waiting for a fulfiller by hand is called off, and the fulfiller is told. The closure
 * evidence is CANCELLED. A connector already at work (FULFILLING automatically) cannot be
 * called back: the requester asks for a REVOKE once the access is active.
 */
export async function cancelFulfilment(
  db: PrismaClient,
  actor: { id: string },
  requestId: string,
  reason: string | null,
  options: { now: Date; connectorFor: (type: ConnectorType) => Connector | null },
): Promise<void> {
  const { now } = options;
  const held = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${requestId} FOR UPDATE`;
    const ticket = await loadFulfilTicket(tx, requestId);
    const reference = ticket ? formatRequestNumber(ticket.number) : "The ticket";
    if (!ticket || !(CANCELLABLE_IN_FULFILMENT as readonly string[]).includes(ticket.status)) {
      throw new AppError("CONFLICT", `${reference} changed while you were cancelling it; reload it.`, "number");
    }
    const grant = ticket.grants[0];
    if (!grant) {
      await appendAuditEvents(tx, await recordCancelled(tx, ticket, null, nothingSent(ticket), { actorType: "USER", actorId: actor.id }, reason, now));
      return null;
    }
    if (grant.status === "ACTIVE") throw new AppError("PRECONDITION_FAILED", `The access of ${reference} is already granted: ask for its removal (a REVOKE) instead.`, "number");
    const delivery = deliveryOf(ticket.system!.connectorType, scopeOf(ticket));
    if (delivery === "automatic") {
      throw new AppError("PRECONDITION_FAILED", `${ticket.system!.name} is carrying out ${reference} right now; once it is active, ask for its removal (a REVOKE).`, "number");
    }
    // REVOKING blocks the credential from being issued or recorded from here on (see inGrantLock and recordGranted).
    await tx.grant.update({ where: { id: grant.id }, data: { status: "REVOKING" } });
    return { ticket, grantId: grant.id, delivery };
  }, TX);
  if (!held) return;

  const { ticket, grantId } = held;
  const type = ticket.system!.connectorType;
  let observation: Observation;
  if (held.delivery === "manual") {
    observation = { present: false, observed: { attested: false, fulfiller: ticket.system!.ownerId }, summary: `Called off before the fulfiller attested any change on ${ticket.system!.name}.` };
  } else {
    const connector = options.connectorFor(type);
    if (!connector) throw new AppError("PRECONDITION_FAILED", `No connector is installed for ${type}.`, "number");
    const grant = await db.grant.findUniqueOrThrow({ where: { id: grantId }, select: { externalRef: true } });
    const target = { ...targetOf(ticket, grantId), externalRef: grant.externalRef ?? grantId };
    const ctx = { db, now };
    // Anything issued in a race with this cancel is removed; verify must then read nothing.
    await connector.revoke(ctx, target);
    observation = await connector.verify(ctx, target);
    if (observation.present) {
      throw new AppError("INTERNAL", `The target still shows the access of ${formatRequestNumber(ticket.number)}; it is on the overdue revocations list.`, "number");
    }
  }
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${requestId} FOR UPDATE`;
    await tx.grant.update({ where: { id: grantId }, data: { status: "REVOKED", revokedAt: now, lastVerifiedAt: now } });
    const events = await recordCancelled(tx, ticket, grantId, observation, { actorType: "USER", actorId: actor.id }, reason, now);
    if (held.delivery === "manual") {
      await notify(tx, [
        {
          userId: ticket.system!.ownerId,
          requestId,
          kind: "fulfilment.manual_task",
          title: `${formatRequestNumber(ticket.number)}: called off`,
          body: `${ticket.entitlement?.name ?? "Access"} for ${ticket.subject.name} on ${ticket.system!.name} was cancelled by the requester: do not make the change.`,
        },
      ]);
    }
    await appendAuditEvents(tx, events);
  }, TX);
}

/** The portal's record that a ticket approved but not set up yet was withdrawn and nothing was sent. */
export function nothingSent(ticket: { status: string; system: { name: string } | null }): Observation {
  return { present: false, observed: { grants: 0, fulfilmentStarted: false, status: ticket.status }, summary: `Cancelled before fulfilment started: nothing was sent to ${ticket.system?.name ?? "the target"}.` };
}

/** Closes a withdrawn ticket CANCELLED with its closure evidence; returns the audit events to append. */
export async function recordCancelled(
  tx: Prisma.TransactionClient,
  ticket: { id: string; status: string; system: { connectorType: ConnectorType } | null },
  grantId: string | null,
  observation: Observation,
  by: { actorType: "USER"; actorId: string } | { actorType: "SYSTEM" },
  reason: string | null,
  now: Date,
): Promise<AuditEventInput[]> {
  const evidence = await tx.closureEvidence.create({
    data: { requestId: ticket.id, grantId, kind: "CANCELLED", connectorType: ticket.system!.connectorType, observed: observation.observed as Prisma.InputJsonObject, summary: observation.summary, verifiedAt: now },
    select: { id: true },
  });
  await tx.accessRequest.update({ where: { id: ticket.id }, data: { status: "CANCELLED", closedAt: now } });
  const ref = { requestId: ticket.id, entityType: "AccessRequest", entityId: ticket.id };
  return [
    { ...ref, ...by, action: "request.cancelled", data: { from: ticket.status, reason, grantId } },
    { ...ref, actorType: "SYSTEM", action: "evidence.recorded", entityType: "ClosureEvidence", entityId: evidence.id, data: { kind: "CANCELLED", grantId, summary: observation.summary } },
  ];
}
