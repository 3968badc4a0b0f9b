import type { PrismaClient } from "@/server/db/generated/client";
import { ConnectorError } from "@/server/connectors/types";
import { appendAuditEvents } from "@/server/domain/audit/append";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { scopeOf, type FulfilOptions, type FulfilOutcome } from "./fulfil";
import { closeRevokeTickets, revokeGrant } from "./revoke";

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * Carries out a REVOKE ticket: the grant it names is removed from the target and verified gone,
 * and the ticket closes with that read-back as its evidence (in `recordRevoked`). A grant that
 * is already gone closes the ticket with the evidence of its removal; a grant on a system without
 * an API waits for its fulfiller's attestation, which closes the ticket the same way.
 */
export async function fulfilRevokeRequest(db: PrismaClient, requestId: string, options: FulfilOptions): Promise<FulfilOutcome> {
  const started = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AccessRequest" WHERE id = ${requestId} FOR UPDATE`;
    const ticket = await tx.accessRequest.findUnique({ where: { id: requestId }, select: { number: true, status: true, scope: true, approvedScope: true } });
    if (!ticket) return { skipped: "The ticket no longer exists." } as const;
    if (!["APPROVED", "AUTO_APPROVED", "FULFILLING"].includes(ticket.status)) return { skipped: `The ticket is ${ticket.status}; only approved tickets are fulfilled.` } as const;
    const grantId = scopeOf(ticket).grantId;
    if (typeof grantId !== "string") throw new ConnectorError("The ticket names no grant to remove.", false);
    if (ticket.status !== "FULFILLING") {
      await tx.accessRequest.update({ where: { id: requestId }, data: { status: "FULFILLING", failureReason: null } });
      await appendAuditEvents(tx, [
        { actorType: "SYSTEM", action: "fulfilment.started", entityType: "Grant", entityId: grantId, requestId, data: { action: "revoke", grantId, from: ticket.status, at: options.now.toISOString() } },
      ]);
    }
    return { grantId, reference: formatRequestNumber(ticket.number) } as const;
  }, TX);
  if ("skipped" in started) return { state: "skipped", reason: started.skipped! };

  const outcome = await revokeGrant(db, started.grantId, { now: options.now, reason: `revoked by ${started.reference}`, connectorFor: options.connectorFor });
  if (outcome.state === "revoked") return { state: "closed", summary: outcome.summary };
  if (outcome.state === "awaiting") return { state: "awaiting", grantId: outcome.grantId, delivery: "manual" };
  return closeOnEarlierRemoval(db, requestId, started.grantId, options.now);
}

/** The grant was removed before this ticket ran (it expired, or another ticket removed it). */
async function closeOnEarlierRemoval(db: PrismaClient, requestId: string, grantId: string, now: Date): Promise<FulfilOutcome> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
    const grant = await tx.grant.findUnique({
      where: { id: grantId },
      select: { status: true, connectorType: true, evidence: { where: { kind: "REVOKED" }, orderBy: { verifiedAt: "desc" }, take: 1, select: { observed: true, summary: true } } },
    });
    const removal = grant?.evidence[0];
    if (!grant || grant.status !== "REVOKED" || !removal) {
      throw new ConnectorError(`The grant is ${grant?.status ?? "missing"} and was never verified removed; nothing to close the ticket with.`, false);
    }
    const observation = { present: false, observed: removal.observed as Record<string, unknown>, summary: `Already removed: ${removal.summary}` };
    await appendAuditEvents(tx, await closeRevokeTickets(tx, { id: grantId, connectorType: grant.connectorType }, observation, now));
    return { state: "closed", summary: observation.summary } as const;
  }, TX);
}
