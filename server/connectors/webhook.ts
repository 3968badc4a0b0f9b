import { env } from "@/server/env";
import { parseWebhookConfig } from "./webhook/config";
import { orderIdFor, readLedger, recordOrderSent, type WebhookAction } from "./webhook/ledger";
import { buildOrder, sendOrder } from "./webhook/order";
import { webhookSecret } from "./webhook/secret";
import { ConnectorError, type Connector, type ConnectorContext, type ConnectorTarget, type Observation } from "./types";

export const WEBHOOK_CALLBACK_PATH = "/api/connectors/webhook/callback";

export interface WebhookConnectorOptions {
  fetch?: typeof fetch;
  /** The shared secret of a system; derived from the server secret by default (see webhook/secret.ts). */
  secretFor?: (systemKey: string) => string;
  /** Where targets call back; the portal's public URL by default. */
  callbackUrl?: string;
}

/**
 * Systems changed by their own automation: the portal posts a signed order, the target applies
 * it and later calls back, signed, with the state it reached and what it observed. verify reports
 * only what a callback confirmed; the 2xx that accepted the order proves nothing about the access.
 */
export function createWebhookConnector(options: WebhookConnectorOptions = {}): Connector {
  const secretFor = options.secretFor ?? webhookSecret;
  const callbackUrl = () => options.callbackUrl ?? defaultCallbackUrl();

  async function order(ctx: ConnectorContext, target: ConnectorTarget, action: WebhookAction): Promise<void> {
    const config = parseWebhookConfig(target.system.key, target.system.config);
    const order = buildOrder(target, action, callbackUrl());
    const secret = secretFor(target.system.key);
    await recordOrderSent(ctx.db, {
      requestId: target.requestId,
      grantId: target.grantId,
      systemKey: target.system.key,
      orderId: order.orderId,
      action,
      endpoint: config.endpoint.toString(),
      sentAt: ctx.now,
    });
    await sendOrder(order, { config, secret, now: ctx.now, fetch: options.fetch ?? fetch });
  }

  return {
    type: "WEBHOOK",

    async grant(ctx, target) {
      await order(ctx, target, "grant");
      return { externalRef: externalRefFor(target) };
    },

    async revoke(ctx, target) {
      await order(ctx, target, "revoke");
    },

    async verify(ctx, target): Promise<Observation> {
      const config = parseWebhookConfig(target.system.key, target.system.config);
      const ledger = await readLedger(ctx.db, target.requestId, target.grantId);
      // A revoke is always ordered after the grant: the newest order is the one to confirm, and
      // the wait for its callback counts from its latest attempt.
      const latest = ledger.orders[0];
      if (!latest) {
        throw new ConnectorError(`No order for grant ${target.grantId} was sent to ${target.system.key}; nothing to verify`, false);
      }
      const orderId = orderIdFor(target.grantId, latest.action);
      const confirmation = ledger.confirmations.find((c) => c.orderId === orderId);
      if (!confirmation) {
        const waitedMinutes = (ctx.now.getTime() - latest.sentAt.getTime()) / 60_000;
        if (waitedMinutes >= config.callbackTimeoutMinutes) {
          throw new ConnectorError(
            `${target.system.key} sent no confirmation for ${latest.action} order ${orderId} within ${config.callbackTimeoutMinutes} minutes (sent ${latest.sentAt.toISOString()})`,
            false,
          );
        }
        throw new ConnectorError(`${target.system.key}: no confirmation yet for ${latest.action} order ${orderId}`, true);
      }
      // A failed grant left nothing behind; a failed revoke left the access in place.
      const present = confirmation.state === "granted" || (confirmation.state === "failed" && confirmation.action === "revoke");
      const who = target.identity.name;
      const summary =
        confirmation.state === "failed"
          ? `${target.system.key} reported that the ${confirmation.action} for ${who} failed (callback for order ${orderId})`
          : `${target.system.key} confirmed access for ${who} ${confirmation.state} (callback for order ${orderId})`;
      return {
        present,
        observed: {
          orderId,
          action: confirmation.action,
          state: confirmation.state,
          confirmedAt: confirmation.receivedAt.toISOString(),
          target: confirmation.observed,
        },
        summary,
      };
    },
  };
}

export function externalRefFor(target: ConnectorTarget): string {
  return `webhook:${target.system.key}:${target.grantId}`;
}

function defaultCallbackUrl(): string {
  const config = env();
  const base = config.PORTAL_URL ?? config.NEXTAUTH_URL ?? "http://localhost:3000";
  return new URL(WEBHOOK_CALLBACK_PATH, base).toString();
}

export const webhookConnector = createWebhookConnector();
