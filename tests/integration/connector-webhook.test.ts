import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/connectors/webhook/callback/route";
import { ConnectorError, type ConnectorTarget } from "@/server/connectors/types";
import { createWebhookConnector } from "@/server/connectors/webhook";
import { deriveWebhookSecret } from "@/server/connectors/webhook/secret";
import { seededWorld, type World } from "./requests-world";

/**
 * The webhook connector against a real HTTP target on 127.0.0.1 that checks each order's
 * signature, records it and, when told to, calls back through the portal's callback route.
 * Every case makes its own Grant row on a seeded request, so cases never share state.
 */
const SERVER_SECRET = "webhook-test-server-secret-0123456789abcdef";
process.env.NEXTAUTH_SECRET = SERVER_SECRET;
const SYSTEM = "crm";
const secret = deriveWebhookSecret(SERVER_SECRET, SYSTEM);
const CALLBACK_URL = "http://127.0.0.1:3999/api/connectors/webhook/callback";

type Mode = "accept" | "accept-and-confirm" | "accept-and-fail" | "500" | "400" | "429" | "hang";

interface ReceivedOrder {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  order: Record<string, unknown>;
  signatureValid: boolean;
}

const received: ReceivedOrder[] = [];
const callbackStatuses: number[] = [];
let mode: Mode = "accept";
let receiver: Server;
let baseUrl: string;
let w: World;
let seededConfig: Record<string, unknown>;
let requestId: string;
let identityId: string;
let entitlementId: string;

const connector = createWebhookConnector({ callbackUrl: CALLBACK_URL });

function hmac(key: string, timestamp: string, body: string) {
  return createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex");
}

/** A callback exactly as a target sends it, through the route's own POST. */
async function callBack(body: string, options: { timestamp?: string; signature?: string } = {}) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const response = await POST(
    new Request(CALLBACK_URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-target-timestamp": timestamp, "x-target-signature": options.signature ?? hmac(secret, timestamp, body) },
      body,
    }),
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function confirmation(order: Record<string, unknown>, state: string, observed: Record<string, unknown> = {}) {
  return JSON.stringify({ orderId: order.orderId, grantId: order.grantId, action: order.action, state, observed });
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const timestamp = String(req.headers["x-portal-timestamp"] ?? "");
  const signatureValid = req.headers["x-portal-signature"] === hmac(secret, timestamp, body);
  const order = JSON.parse(body) as Record<string, unknown>;
  received.push({ path: req.url ?? "", headers: req.headers, body, order, signatureValid });
  if (!signatureValid) return void res.writeHead(401).end("bad signature");
  if (mode === "hang") return; // never answers; the portal's timeout must end the wait
  if (mode === "500") return void res.writeHead(500).end("database unavailable");
  if (mode === "400") return void res.writeHead(400).end('{"error":"scope.role unknown"}');
  if (mode === "429") return void res.writeHead(429).end("slow down");
  res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
  if (mode === "accept-and-confirm" || mode === "accept-and-fail") {
    const state = mode === "accept-and-fail" ? "failed" : order.action === "grant" ? "granted" : "revoked";
    const result = await callBack(confirmation(order, state, { member: order.action === "grant", role: "crm-sales-reader" }));
    callbackStatuses.push(result.status);
  }
}

beforeAll(async () => {
  w = await seededWorld();
  // The callback route uses the process-wide database: point it at this file's database.
  (globalThis as { portalDb?: Promise<unknown> }).portalDb = Promise.resolve(w.db);
  receiver = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const system = await w.prisma.system.findUniqueOrThrow({ where: { key: SYSTEM }, select: { id: true, connectorConfig: true } });
  seededConfig = system.connectorConfig as Record<string, unknown>;
  const entitlement = await w.prisma.entitlement.findFirstOrThrow({ where: { systemId: system.id }, select: { id: true } });
  const request = await w.prisma.accessRequest.findFirstOrThrow({ select: { id: true, subjectId: true }, orderBy: { number: "asc" } });
  requestId = request.id;
  identityId = request.subjectId;
  entitlementId = entitlement.id;
});

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  (globalThis as { portalDb?: unknown }).portalDb = undefined;
  await w?.db.drop();
});

beforeEach(() => {
  received.length = 0;
  callbackStatuses.length = 0;
  mode = "accept";
});

async function target(config: Record<string, unknown> = {}): Promise<ConnectorTarget & { externalRef: string }> {
  const grant = await w.prisma.grant.create({
    data: { requestId, identityId, entitlementId, type: "ENTITLEMENT", connectorType: "WEBHOOK", scope: { role: "crm-sales-reader" } },
    select: { id: true },
  });
  return {
    requestId,
    grantId: grant.id,
    system: { key: SYSTEM, connectorType: "WEBHOOK", config: { ...seededConfig, endpoint: `${baseUrl}/hooks/crm`, ...config } },
    identity: { id: identityId, name: "riley_requester", kind: "HUMAN" },
    scope: { role: "crm-sales-reader" },
    expiresAt: new Date("2027-01-01T00:00:00.000Z"),
    externalRef: `webhook:${SYSTEM}:${grant.id}`,
  };
}

/** The target calls back after it answered the order: wait (boundedly) for its callbacks. */
async function callbacks(count: number) {
  await vi.waitFor(() => expect(callbackStatuses).toHaveLength(count), { timeout: 5_000, interval: 20 });
  return callbackStatuses;
}

async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

const webhookEvents = (grantId: string) =>
  w.prisma.auditEvent.findMany({ where: { entityType: "Grant", entityId: grantId }, orderBy: { seq: "asc" }, select: { action: true, data: true, requestId: true, actorType: true } });

describe("orders", () => {
  it("posts a signed order with the idempotency key and records each sending", async () => {
    const t = await target();
    const now = new Date();
    const result = await connector.grant({ db: w.prisma, now }, t);
    expect(result.externalRef).toBe(`webhook:${SYSTEM}:${t.grantId}`);
    expect(received).toHaveLength(1);
    const [order] = received;
    expect(order!.path).toBe("/hooks/crm");
    expect(order!.signatureValid).toBe(true);
    expect(order!.headers["x-portal-timestamp"]).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(order!.headers["idempotency-key"]).toBe(`${t.grantId}:grant`);
    expect(order!.headers["content-type"]).toBe("application/json");
    expect(order!.order).toEqual({
      orderId: `${t.grantId}:grant`,
      action: "grant",
      requestId,
      grantId: t.grantId,
      system: SYSTEM,
      identity: t.identity,
      scope: { role: "crm-sales-reader" },
      expiresAt: "2027-01-01T00:00:00.000Z",
      callbackUrl: CALLBACK_URL,
    });

    // A retry sends the same order under the same key; the ledger records both sendings.
    const retriedAt = new Date(now.getTime() + 60_000);
    expect((await connector.grant({ db: w.prisma, now: retriedAt }, t)).externalRef).toBe(result.externalRef);
    expect(received.map((r) => r.headers["idempotency-key"])).toEqual([`${t.grantId}:grant`, `${t.grantId}:grant`]);
    const sent = (at: Date) => ({
      action: "webhook.order_sent",
      actorType: "SYSTEM",
      requestId,
      data: { orderId: `${t.grantId}:grant`, action: "grant", systemKey: SYSTEM, endpoint: `${baseUrl}/hooks/crm`, sentAt: at.toISOString() },
    });
    expect(await webhookEvents(t.grantId)).toEqual([sent(now), sent(retriedAt)]);

    const waiting = await failure(connector.verify({ db: w.prisma, now: new Date(now.getTime() + 60_000) }, t));
    expect(waiting.retryable).toBe(true);
    expect(waiting.message).toMatch(/no confirmation yet/);
  });

  it("verify reports present once the target confirmed, and a repeated callback changes nothing", async () => {
    const t = await target();
    mode = "accept-and-confirm";
    await connector.grant({ db: w.prisma, now: new Date() }, t);
    expect(await callbacks(1)).toEqual([200]);
    const seen = await connector.verify({ db: w.prisma, now: new Date() }, t);
    expect(seen.present).toBe(true);
    expect(seen.observed).toMatchObject({ orderId: `${t.grantId}:grant`, state: "granted", target: { member: true, role: "crm-sales-reader" } });
    expect(seen.summary).toMatch(/crm confirmed access for riley_requester granted/);

    const again = await callBack(confirmation(received[0]!.order, "granted", { member: true }));
    expect(again).toEqual({ status: 200, json: { ok: true, orderId: `${t.grantId}:grant`, duplicate: true } });
    expect((await webhookEvents(t.grantId)).map((e) => e.action)).toEqual(["webhook.order_sent", "webhook.confirmed"]);
  });

  it("two copies of one callback at once record one confirmation", async () => {
    const t = await target();
    await connector.grant({ db: w.prisma, now: new Date() }, t);
    const body = confirmation(received[0]!.order, "granted", { member: true });
    const results = await Promise.all([callBack(body), callBack(body), callBack(body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.json.duplicate === false)).toHaveLength(1);
    expect((await webhookEvents(t.grantId)).map((e) => e.action)).toEqual(["webhook.order_sent", "webhook.confirmed"]);
  });

  it("a revoke confirmed by the target makes verify report absent", async () => {
    const t = await target();
    mode = "accept-and-confirm";
    await connector.grant({ db: w.prisma, now: new Date() }, t);
    await callbacks(1);
    await connector.revoke({ db: w.prisma, now: new Date() }, t);
    expect(received.map((r) => [r.order.action, r.headers["idempotency-key"]])).toEqual([
      ["grant", `${t.grantId}:grant`],
      ["revoke", `${t.grantId}:revoke`],
    ]);
    expect(await callbacks(2)).toEqual([200, 200]);
    const seen = await connector.verify({ db: w.prisma, now: new Date() }, t);
    expect(seen.present).toBe(false);
    expect(seen.observed).toMatchObject({ orderId: `${t.grantId}:revoke`, state: "revoked", target: { member: false } });
    expect((await webhookEvents(t.grantId)).map((e) => e.action)).toEqual([
      "webhook.order_sent",
      "webhook.confirmed",
      "webhook.order_sent",
      "webhook.confirmed",
    ]);
  });

  it("a target that reports failure leaves the grant absent", async () => {
    const t = await target();
    mode = "accept-and-fail";
    await connector.grant({ db: w.prisma, now: new Date() }, t);
    await callbacks(1);
    const seen = await connector.verify({ db: w.prisma, now: new Date() }, t);
    expect(seen).toMatchObject({ present: false, observed: { state: "failed" } });
    expect(seen.summary).toMatch(/grant for riley_requester failed/);
  });

  it("no callback within callbackTimeoutMinutes is no longer retryable", async () => {
    const t = await target({ callbackTimeoutMinutes: 15 });
    const sent = new Date();
    await connector.grant({ db: w.prisma, now: sent }, t);
    const minutes = (m: number) => new Date(sent.getTime() + m * 60_000);
    expect((await failure(connector.verify({ db: w.prisma, now: minutes(14) }, t))).retryable).toBe(true);
    const late = await failure(connector.verify({ db: w.prisma, now: minutes(15) }, t));
    expect(late.retryable).toBe(false);
    expect(late.message).toMatch(/no confirmation for grant order .* within 15 minutes/);
  });

  it("verify without any accepted order is not retryable", async () => {
    const t = await target();
    const error = await failure(connector.verify({ db: w.prisma, now: new Date() }, t));
    expect(error.retryable).toBe(false);
  });
});

describe("target failures", () => {
  it("a closed port is a retryable error, quickly", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const t = await target({ endpoint: `http://127.0.0.1:${port}/hooks/crm` });
    const started = performance.now();
    const error = await failure(connector.grant({ db: w.prisma, now: new Date() }, t));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/could not be delivered: ECONNREFUSED/);
    expect((await webhookEvents(t.grantId)).map((e) => e.action)).toEqual(["webhook.order_sent"]);
  });

  it("a target that does not answer within timeoutMs is retryable", async () => {
    mode = "hang";
    const t = await target({ timeoutMs: 300 });
    const started = performance.now();
    const error = await failure(connector.grant({ db: w.prisma, now: new Date() }, t));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/no answer within 300 ms/);
  });

  it.each([
    ["500", true],
    ["429", true],
    ["400", false],
  ] as const)("an answer of %s is retryable: %s", async (status, retryable) => {
    mode = status;
    const t = await target();
    const error = await failure(connector.revoke({ db: w.prisma, now: new Date() }, t));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(`answered ${status}`);
    expect((await webhookEvents(t.grantId)).map((e) => e.action)).toEqual(["webhook.order_sent"]);
  });

  it("a bad configuration is not retryable and sends nothing", async () => {
    const t = await target({ endpoint: "not a url" });
    const error = await failure(connector.grant({ db: w.prisma, now: new Date() }, t));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/connectorConfig.endpoint/);
    expect(received).toEqual([]);
    expect(await webhookEvents(t.grantId)).toEqual([]);
  });
});

describe("callback refusals", () => {
  let t: ConnectorTarget;
  let order: Record<string, unknown>;

  beforeAll(async () => {
    t = await target();
    await connector.grant({ db: w.prisma, now: new Date() }, t);
    order = received[0]!.order;
  });

  async function refused(result: Promise<{ status: number; json: Record<string, unknown> }>, status: number, field: string, message: RegExp) {
    const before = await w.prisma.auditEvent.count();
    const { status: got, json } = await result;
    expect(got).toBe(status);
    expect(json).toMatchObject({ ok: false, field });
    expect(String(json.error)).toMatch(message);
    expect(await w.prisma.auditEvent.count()).toBe(before);
  }

  it("refuses a bad signature", async () => {
    const body = confirmation(order, "granted");
    const ts = String(Math.floor(Date.now() / 1000));
    await refused(callBack(body, { signature: hmac("another-secret", ts, body), timestamp: ts }), 401, "X-Target-Signature", /does not match/);
    await refused(callBack(body, { signature: hmac(secret, ts, `${body} `), timestamp: ts }), 401, "X-Target-Signature", /does not match/);
    await refused(callBack(body, { signature: "not-hex" }), 401, "X-Target-Signature", /does not match/);
    await refused(callBack(body, { signature: "" }), 401, "X-Target-Signature", /missing/);
  });

  it("refuses a stale or future timestamp even when signed", async () => {
    const body = confirmation(order, "granted");
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    await refused(callBack(body, { timestamp: stale }), 401, "X-Target-Timestamp", /at most 300 s/);
    const future = String(Math.floor(Date.now() / 1000) + 400);
    await refused(callBack(body, { timestamp: future }), 401, "X-Target-Timestamp", /at most 300 s/);
    await refused(callBack(body, { timestamp: "yesterday" }), 401, "X-Target-Timestamp", /whole seconds/);
  });

  it("refuses malformed bodies, naming the field", async () => {
    await refused(callBack("{not json"), 400, "body", /JSON object/);
    await refused(callBack("[]"), 400, "body", /JSON object/);
    await refused(callBack(JSON.stringify({ ...JSON.parse(confirmation(order, "granted")), grantId: undefined })), 400, "grantId", /grantId/);
    await refused(callBack(confirmation({ ...order, grantId: "00000000-0000-4000-8000-000000000000" }, "granted")), 400, "grantId", /not a grant on a webhook system/);
    await refused(callBack(confirmation(order, "done")), 400, "state", /state/);
    await refused(callBack(confirmation(order, "revoked")), 400, "state", /granted or failed/);
    await refused(callBack(confirmation({ ...order, orderId: "something-else" }, "granted")), 400, "orderId", /must be .*:grant/);
    await refused(callBack(JSON.stringify({ ...JSON.parse(confirmation(order, "granted")), observed: "yes" })), 400, "observed", /observed/);
  });

  it("still accepts the genuine callback afterwards", async () => {
    expect((await callBack(confirmation(order, "granted"))).json).toEqual({ ok: true, orderId: `${t.grantId}:grant`, duplicate: false });
    expect((await connector.verify({ db: w.prisma, now: new Date() }, { ...t, externalRef: "x" })).present).toBe(true);
  });
});
