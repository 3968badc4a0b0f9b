import { ConnectorError, type ConnectorTarget } from "../types";
import type { WebhookConfig } from "./config";
import { orderIdFor, type WebhookAction } from "./ledger";
import { sign, unixSeconds } from "./signing";

/** What the target receives. Field names are part of the contract with every webhook target. */
export interface WebhookOrder {
  orderId: string;
  action: WebhookAction;
  requestId: string;
  grantId: string;
  system: string;
  identity: ConnectorTarget["identity"];
  scope: Record<string, unknown>;
  expiresAt: string | null;
  callbackUrl: string;
}

export function buildOrder(target: ConnectorTarget, action: WebhookAction, callbackUrl: string): WebhookOrder {
  return {
    orderId: orderIdFor(target.grantId, action),
    action,
    requestId: target.requestId,
    grantId: target.grantId,
    system: target.system.key,
    identity: target.identity,
    scope: target.scope,
    expiresAt: target.expiresAt ? target.expiresAt.toISOString() : null,
    callbackUrl,
  };
}

export interface SendOptions {
  config: WebhookConfig;
  secret: string;
  now: Date;
  fetch: typeof fetch;
}

/**
 * Posts a signed order and returns the target's status once it answered 2xx. A target that is
 * down, slow or failing may recover, so those are retryable; a 4xx other than 408 and 429 says
 * the order itself (or its signature) was refused, and sending it again cannot help.
 */
export async function sendOrder(order: WebhookOrder, options: SendOptions): Promise<{ status: number }> {
  const body = JSON.stringify(order);
  const timestamp = unixSeconds(options.now);
  const where = `${order.system} (${options.config.endpoint.origin}${options.config.endpoint.pathname})`;
  let response: Response;
  try {
    response = await options.fetch(options.config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Idempotency-Key": order.orderId,
        "X-Portal-Timestamp": timestamp,
        "X-Portal-Signature": sign(options.secret, timestamp, body),
      },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(options.config.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new ConnectorError(
      timedOut
        ? `${order.action} order to ${where} got no answer within ${options.config.timeoutMs} ms`
        : `${order.action} order to ${where} could not be delivered: ${describe(error)}`,
      true,
    );
  }
  // Read the body so the connection is released; its text goes into the message of a refusal.
  const text = await response.text().catch(() => "");
  if (response.ok) return { status: response.status };
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429 || response.status < 400;
  throw new ConnectorError(
    `${order.action} order to ${where} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    retryable,
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) return (cause as Error & { code?: string }).code ?? cause.message;
  return error.message;
}
