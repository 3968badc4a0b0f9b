import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { env, sessionSecret, type Env } from "@/server/env";
import { DemoTargetStore, type AppliedOrder } from "./demo-target-store";
import type { WebhookOrder } from "./order";
import { deriveWebhookSecret, webhookSecret } from "./secret";
import { checkTimestamp, sign, unixSeconds, verifySignature } from "./signing";

/**
 * A webhook target for the demo: it stands in for the cloud, source-code, Kubernetes, payments
 * and SaaS automation the seeded WEBHOOK systems post to (`POST /hooks/<name>`). It checks each
 * order exactly as a real target must (timestamp, HMAC with the system's shared secret), applies
 * it once per idempotency key, then calls the order's callbackUrl, signed, with what it now holds.
 * The callback is sent before the order is answered, so the portal's verify right after the
 * order already finds the confirmation. `GET /assignments` shows what the target holds.
 */
export interface DemoTargetOptions {
  /** 0 picks a free port. */
  port: number;
  /** The shared secret of a system; derived like the portal's by default. */
  secretFor?: (systemKey: string) => string;
  /** Where the assignments are kept between restarts; null keeps them in memory only. */
  stateFile: string | null;
  fetch?: typeof fetch;
  now?: () => Date;
  log?: (line: string) => void;
  callbackTimeoutMs?: number;
}

export interface DemoTarget {
  url: string;
  store: DemoTargetStore;
  close(): Promise<void>;
}

const MAX_ORDER_BYTES = 64 * 1024;
const HOOK_PATH = /^\/hooks\/([a-z0-9][a-z0-9-]{0,62})$/;

type Reply = { status: number; body: Record<string, unknown> };
const refuse = (status: number, field: string, error: string): Reply => ({ status, body: { ok: false, error, field } });

export async function createDemoWebhookTarget(options: DemoTargetOptions): Promise<DemoTarget> {
  const store = new DemoTargetStore(options.stateFile);
  const secretFor = options.secretFor ?? webhookSecret;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const send = options.fetch ?? fetch;
  if (store.loadProblem) log(`Demo webhook target: ${store.loadProblem}.`);

  async function callBack(order: WebhookOrder, outcome: AppliedOrder): Promise<number | string> {
    const body = JSON.stringify({ orderId: order.orderId, grantId: order.grantId, action: order.action, state: outcome.state, observed: outcome.observed });
    const timestamp = unixSeconds(now());
    try {
      const response = await send(order.callbackUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Target-Timestamp": timestamp, "X-Target-Signature": sign(secretFor(order.system), timestamp, body) },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(options.callbackTimeoutMs ?? 3_000),
      });
      await response.text().catch(() => "");
      return response.status;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  async function receive(req: IncomingMessage, body: string): Promise<Reply> {
    const timestamp = header(req, "x-portal-timestamp");
    const signature = header(req, "x-portal-signature");
    const fresh = checkTimestamp(timestamp, now());
    if (!fresh.ok) return refuse(401, "X-Portal-Timestamp", `X-Portal-Timestamp ${fresh.reason}`);
    if (!signature) return refuse(401, "X-Portal-Signature", "X-Portal-Signature is missing");
    let order: WebhookOrder;
    try {
      order = JSON.parse(body) as WebhookOrder;
    } catch {
      return refuse(400, "body", "body must be a JSON order");
    }
    // The system names the secret; it is part of the signed body, so an order signed for one
    // system cannot pass as another's.
    if (typeof order?.system !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(order.system)) return refuse(400, "system", "system must be a system key");
    if (!verifySignature(secretFor(order.system), timestamp!, body, signature)) {
      return refuse(401, "X-Portal-Signature", `X-Portal-Signature does not match the body signed with the secret of ${order.system}`);
    }
    const problem = malformed(order);
    if (problem) return refuse(400, problem, `${problem} is missing or malformed`);
    if (header(req, "idempotency-key") !== order.orderId) return refuse(400, "Idempotency-Key", "Idempotency-Key must equal the order's orderId");

    const replay = store.applied(order.orderId);
    const outcome = replay ?? store.apply(order, now());
    const callback = await callBack(order, outcome);
    const held = outcome.observed.assigned ? "holds" : "does not hold";
    log(`Demo webhook target: ${order.action} ${order.orderId} for ${order.system}${replay ? " (again; applied once)" : ""}: ${order.identity.name} ${held} ${String(outcome.observed.role)}; callback ${callback}.`);
    return { status: 202, body: { ok: true, orderId: order.orderId, state: outcome.state, replay: Boolean(replay), callback } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://target.invalid");
    let reply: Reply;
    if (req.method === "GET" && url.pathname === "/assignments") {
      reply = { status: 200, body: { ok: true, systems: store.assignments(url.searchParams.get("system") ?? undefined) } };
    } else if (!HOOK_PATH.test(url.pathname)) {
      reply = refuse(404, "path", "orders are posted to /hooks/<name>");
    } else if (req.method !== "POST") {
      reply = refuse(405, "method", "orders are posted with POST");
    } else {
      const body = await readBody(req);
      reply = body === null ? refuse(413, "body", `body must be at most ${MAX_ORDER_BYTES} bytes`) : await receive(req, body);
    }
    if (reply.status >= 400) log(`Demo webhook target: refused ${req.method} ${url.pathname} with ${reply.status}: ${String(reply.body.error)}.`);
    res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`Demo webhook target: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "the target failed to apply the order", field: "body" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    close: () => closeServer(server),
  };
}

/**
 * Starts the demo target with the portal when PORTAL_DEMO_MODE is on, on 127.0.0.1 and the port
 * DEMO_WEBHOOK_TARGET_PORT (4010 by default), keeping its state beside the embedded database.
 * A port already taken (another portal's target, most likely) costs one line in the log, never
 * the portal.
 */
export async function startDemoWebhookTarget(log: (line: string) => void = console.log, config: Env = env()): Promise<DemoTarget | null> {
  if (!config.PORTAL_DEMO_MODE) return null;
  const stateFile = path.join(path.dirname(path.resolve(config.PGLITE_DATA_DIR)), "webhook-target.json");
  try {
    const serverSecret = sessionSecret(config);
    const secretFor = (systemKey: string) => deriveWebhookSecret(serverSecret, systemKey);
    const target = await createDemoWebhookTarget({ port: config.DEMO_WEBHOOK_TARGET_PORT, stateFile, secretFor, log });
    log(`Demo webhook target: listening on ${target.url}/hooks/<name> (state in ${stateFile}).`);
    return target;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log(
      code === "EADDRINUSE"
        ? `Demo webhook target: port ${config.DEMO_WEBHOOK_TARGET_PORT} on 127.0.0.1 is in use; not started (orders go to whatever listens there).`
        : `Demo webhook target: not started: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

/** The first field an order needs and lacks, or null. */
function malformed(order: WebhookOrder): string | null {
  if (order.action !== "grant" && order.action !== "revoke") return "action";
  if (typeof order.grantId !== "string" || !order.grantId) return "grantId";
  if (order.orderId !== `${order.grantId}:${order.action}`) return "orderId";
  const identity = order.identity as Partial<WebhookOrder["identity"]> | undefined;
  if (typeof identity?.id !== "string" || typeof identity.name !== "string" || (identity.kind !== "HUMAN" && identity.kind !== "NHI")) return "identity";
  if (!order.scope || typeof order.scope !== "object" || Array.isArray(order.scope)) return "scope";
  try {
    const callback = new URL(order.callbackUrl);
    if (callback.protocol !== "http:" && callback.protocol !== "https:") return "callbackUrl";
  } catch {
    return "callbackUrl";
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ORDER_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
