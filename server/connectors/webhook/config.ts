import { ConnectorError } from "../types";

export interface WebhookConfig {
  endpoint: URL;
  timeoutMs: number;
  callbackTimeoutMinutes: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_CALLBACK_TIMEOUT_MINUTES = 60;

/** Reads a system's connectorConfig; a bad configuration is not retryable and names the field. */
export function parseWebhookConfig(systemKey: string, config: Record<string, unknown>): WebhookConfig {
  const bad = (field: string, rule: string) =>
    new ConnectorError(`System ${systemKey}: connectorConfig.${field} ${rule}`, false);
  let endpoint: URL;
  try {
    endpoint = new URL(String(config.endpoint ?? ""));
  } catch {
    throw bad("endpoint", "must be an absolute http:// or https:// URL");
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") {
    throw bad("endpoint", "must be an absolute http:// or https:// URL");
  }
  const timeoutMs = wholeNumber(config.timeoutMs, DEFAULT_TIMEOUT_MS);
  if (timeoutMs === null || timeoutMs < 100 || timeoutMs > 60_000) {
    throw bad("timeoutMs", "must be a whole number of milliseconds from 100 to 60000");
  }
  const callbackTimeoutMinutes = wholeNumber(config.callbackTimeoutMinutes, DEFAULT_CALLBACK_TIMEOUT_MINUTES);
  if (callbackTimeoutMinutes === null || callbackTimeoutMinutes < 1 || callbackTimeoutMinutes > 10_080) {
    throw bad("callbackTimeoutMinutes", "must be a whole number of minutes from 1 to 10080");
  }
  return { endpoint, timeoutMs, callbackTimeoutMinutes };
}

function wholeNumber(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null) return fallback;
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}
