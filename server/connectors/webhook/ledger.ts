import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { appendAuditEventNow } from "@/server/domain/audit/append";

/**
 * The order and its confirmation live in the audit chain, on the Grant they change: the chain is
 * durable, append-only and already what auditors read, so the evidence of what the target
 * confirmed cannot be edited afterwards.
 *   webhook.order_sent  an order about to be posted (each attempt; a retry repeats its orderId).
 *                       Written before the POST, because a target may call back before it answers.
 *   webhook.confirmed   the target's signed callback: its state and what it observed
 */
export const ORDER_SENT = "webhook.order_sent";
export const CONFIRMED = "webhook.confirmed";

export type WebhookAction = "grant" | "revoke";
export type TargetState = "granted" | "revoked" | "failed";

/** One order per grant and action: retries resend the same id, so the target applies it once. */
export function orderIdFor(grantId: string, action: WebhookAction): string {
  return `${grantId}:${action}`;
}

export interface SentOrder {
  orderId: string;
  action: WebhookAction;
  sentAt: Date;
}

export interface Confirmation {
  orderId: string;
  action: WebhookAction;
  state: TargetState;
  observed: Record<string, unknown>;
  receivedAt: Date;
}

export interface GrantLedger {
  orders: SentOrder[];
  confirmations: Confirmation[];
}

type Reader = Pick<Prisma.TransactionClient, "auditEvent">;

/** The grant's webhook events, newest first. */
export async function readLedger(db: Reader, requestId: string, grantId: string): Promise<GrantLedger> {
  const rows = await db.auditEvent.findMany({
    where: { requestId, entityType: "Grant", entityId: grantId, action: { in: [ORDER_SENT, CONFIRMED] } },
    orderBy: { seq: "desc" },
    select: { action: true, data: true, occurredAt: true },
  });
  const ledger: GrantLedger = { orders: [], confirmations: [] };
  for (const row of rows) {
    const data = (row.data ?? {}) as Record<string, unknown>;
    const action = data.action === "revoke" ? "revoke" : "grant";
    const orderId = String(data.orderId ?? "");
    if (row.action === ORDER_SENT) {
      const sentAt = typeof data.sentAt === "string" ? new Date(data.sentAt) : row.occurredAt;
      ledger.orders.push({ orderId, action, sentAt });
    } else {
      ledger.confirmations.push({
        orderId,
        action,
        state: data.state as TargetState,
        observed: (data.observed ?? {}) as Record<string, unknown>,
        receivedAt: row.occurredAt,
      });
    }
  }
  return ledger;
}

export async function recordOrderSent(
  db: PrismaClient,
  order: { requestId: string; grantId: string; systemKey: string; orderId: string; action: WebhookAction; endpoint: string; sentAt: Date },
): Promise<void> {
  await appendAuditEventNow(db, {
    actorType: "SYSTEM",
    action: ORDER_SENT,
    entityType: "Grant",
    entityId: order.grantId,
    requestId: order.requestId,
    data: {
      orderId: order.orderId,
      action: order.action,
      systemKey: order.systemKey,
      endpoint: order.endpoint,
      sentAt: order.sentAt.toISOString(),
    },
  });
}
