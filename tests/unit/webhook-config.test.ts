import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK_TIMEOUT_MINUTES, DEFAULT_TIMEOUT_MS, parseWebhookConfig } from "@/server/connectors/webhook/config";
import { deriveWebhookSecret } from "@/server/connectors/webhook/secret";
import { ConnectorError } from "@/server/connectors/types";

describe("webhook secrets", () => {
  const root = "a-server-secret-of-at-least-thirty-two-characters";

  it("are derived per system, stable, and 32 bytes of hex", () => {
    const a = deriveWebhookSecret(root, "cloud-prod");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(deriveWebhookSecret(root, "cloud-prod")).toBe(a);
    expect(deriveWebhookSecret(root, "crm")).not.toBe(a);
    expect(deriveWebhookSecret(`${root}!`, "cloud-prod")).not.toBe(a);
    expect(a).not.toContain(Buffer.from(root).toString("hex"));
  });

  it("need a server secret and a system key", () => {
    expect(() => deriveWebhookSecret("", "crm")).toThrow(/server secret/);
    expect(() => deriveWebhookSecret(root, "")).toThrow(/system key/);
  });
});

describe("webhook connectorConfig", () => {
  it("takes the seeded shape with defaults", () => {
    const config = parseWebhookConfig("cloud-prod", { endpoint: "http://127.0.0.1:4010/hooks/cloud-iam", accountId: "412345678901", callbackTimeoutMinutes: 30 });
    expect(config.endpoint.toString()).toBe("http://127.0.0.1:4010/hooks/cloud-iam");
    expect(config.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(config.callbackTimeoutMinutes).toBe(30);
    expect(parseWebhookConfig("crm", { endpoint: "https://hooks.example.com/x" }).callbackTimeoutMinutes).toBe(DEFAULT_CALLBACK_TIMEOUT_MINUTES);
  });

  it.each([
    [{}, "endpoint"],
    [{ endpoint: "ftp://127.0.0.1/x" }, "endpoint"],
    [{ endpoint: "/relative" }, "endpoint"],
    [{ endpoint: "http://127.0.0.1/x", timeoutMs: "5000" }, "timeoutMs"],
    [{ endpoint: "http://127.0.0.1/x", timeoutMs: 10 }, "timeoutMs"],
    [{ endpoint: "http://127.0.0.1/x", callbackTimeoutMinutes: 0 }, "callbackTimeoutMinutes"],
    [{ endpoint: "http://127.0.0.1/x", callbackTimeoutMinutes: 1.5 }, "callbackTimeoutMinutes"],
  ])("refuses %j, naming %s, as not retryable", (config, field) => {
    let error: unknown;
    try {
      parseWebhookConfig("crm", config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).retryable).toBe(false);
    expect((error as ConnectorError).message).toContain(`System crm: connectorConfig.${field}`);
  });
});
