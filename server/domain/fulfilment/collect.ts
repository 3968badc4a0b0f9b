import type { ConnectorType, PrismaClient } from "@/server/db/generated/client";
import type { Connector } from "@/server/connectors/types";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { deliveryOf, issue, loadFulfilTicket, recordGranted, scopeOf, targetOf } from "./fulfil";

export interface CollectedCredential {
  number: string;
  /** Shown once: the portal keeps only its fingerprint. */
  value: string;
  prefix: string;
  fingerprint: string;
  expiresAt: Date | null;
}

/**
 * The requester (or an owner of the NHI it is for) collects the credential an approved ticket
 * makes: the connector issues it now, verify reads it back, and the value goes to this one
 * response and nowhere else. A second call finds it issued and refuses: the value is gone.
 */
export async function collectCredential(
  db: PrismaClient,
  actor: Viewer,
  input: { number: number | string },
  options: { now: Date; connectorFor: (type: ConnectorType) => Connector | null },
): Promise<CollectedCredential> {
  const row = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(input.number) }, visibleTicketWhere(actor, options.now)] },
    select: { id: true, requesterId: true, subject: { select: { ownerId: true, backupOwnerId: true } } },
  });
  if (!row) throw notFound();
  if (![row.requesterId, row.subject.ownerId, row.subject.backupOwnerId].includes(actor.id)) {
    throw new AppError("FORBIDDEN", "Only the requester or an owner of the identity may collect its credential.", "number");
  }
  const ticket = await loadFulfilTicket(db, row.id);
  const reference = formatRequestNumber(ticket!.number);
  const grant = ticket!.grants[0];
  if (grant?.status === "ACTIVE") {
    throw new AppError("CONFLICT", `The credential of ${reference} was already issued and shown once; ask for a rotation to get a new one.`, "number");
  }
  const system = ticket!.system;
  if (ticket!.status !== "FULFILLING" || !grant || !system || deliveryOf(system.connectorType, scopeOf(ticket!)) !== "collect") {
    throw new AppError("PRECONDITION_FAILED", `${reference} has no credential waiting to be collected (it is ${ticket!.status}).`, "number");
  }
  const connector = options.connectorFor(system.connectorType);
  if (!connector) throw new AppError("PRECONDITION_FAILED", `No connector is installed for ${system.connectorType}.`, "number");
  const target = targetOf(ticket!, grant.id);
  const ctx = { db, now: options.now };
  const result = await issue(connector, ctx, ticket!, target);
  const observation = await connector.verify(ctx, { ...target, externalRef: result.externalRef });
  await recordGranted(db, ticket!, grant.id, result, observation, options.now, { userId: actor.id, how: "collected" });
  if (!result.secret) {
    throw new AppError("CONFLICT", `The credential of ${reference} was already issued and shown once; ask for a rotation to get a new one.`, "number");
  }
  return { number: reference, value: result.secret.value, prefix: result.secret.prefix, fingerprint: result.secret.fingerprint, expiresAt: ticket!.expiresAt };
}
