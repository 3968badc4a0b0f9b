import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError, type ConnectorTarget } from "@/server/connectors/types";
import { createWebhookConnector } from "@/server/connectors/webhook";
import { createDemoWebhookTarget, startDemoWebhookTarget, type DemoTarget } from "@/server/connectors/webhook/demo-target";
import { deriveWebhookSecret } from "@/server/connectors/webhook/secret";
import { sign, unixSeconds } from "@/server/connectors/webhook/signing";
import { parseEnv } from "@/server/env";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/webhook-callback-receiver";
import { seededWorld, type World } from "./requests-world";

/**
 * The demo webhook target the portal starts in demo mode, driven by the real webhook connector:
 * orders go to it over loopback HTTP, it checks their signature, applies them and calls back
 * through the portal's callback handler, so verify reads what the target confirmed.
 */
const SERVER_SECRET = "demo-target-test-server-secret-0123456789";
process.env.NEXTAUTH_SECRET = SERVER_SECRET;
const SYSTEM = "cloud-prod";

let w: World;
let receiver: CallbackReceiver;
let target: DemoTarget;
let stateDir: string;
let seededConfig: Record<string, unknown>;
let requestId: string;
let identityId: string;
let entitlement: { id: string; scope: Record<string, unknown> };
const lines: string[] = [];

beforeAll(async () => {
  w = await seededWorld();
  receiver = await startCallbackReceiver(w.prisma);
  stateDir = mkdtempSync(path.join(tmpdir(), "demo-webhook-target-"));
  target = await createDemoWebhookTarget({ port: 0, stateFile: path.join(stateDir, "webhook-target.json"), log: (line) => lines.push(line) });
  const system = await w.prisma.system.findUniqueOrThrow({ where: { key: SYSTEM }, select: { id: true, connectorConfig: true } });
  seededConfig = system.connectorConfig as Record<string, unknown>;
  const row = await w.prisma.entitlement.findFirstOrThrow({ where: { systemId: system.id, key: "cloud_readonly" }, select: { id: true, scope: true } });
  entitlement = { id: row.id, scope: row.scope as Record<string, unknown> };
  const request = await w.prisma.accessRequest.findFirstOrThrow({ select: { id: true, subjectId: true }, orderBy: { number: "asc" } });
  requestId = request.id;
  identityId = request.subjectId;
});

afterAll(async () => {
  await target?.close();
  await receiver?.close();
  await w?.db.drop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

const connector = () => createWebhookConnector({ callbackUrl: receiver.callbackUrl });
const ctx = () => ({ db: w.prisma, now: new Date() });

/** A Grant row of its own on a seeded request, ordered to the demo target's cloud hook. */
async function grantTarget(identity: ConnectorTarget["identity"] = { id: identityId, name: "riley_requester", kind: "HUMAN" }): Promise<ConnectorTarget & { externalRef: string }> {
  const grant = await w.prisma.grant.create({
    data: { requestId, identityId, entitlementId: entitlement.id, type: "ENTITLEMENT", connectorType: "WEBHOOK", scope: entitlement.scope as object },
    select: { id: true },
  });
  return {
    requestId,
    grantId: grant.id,
    system: { key: SYSTEM, connectorType: "WEBHOOK", config: { ...seededConfig, endpoint: `${target.url}/hooks/cloud-iam` } },
    identity,
    scope: entitlement.scope,
    expiresAt: new Date(Date.now() + 3_600_000),
    externalRef: `webhook:${SYSTEM}:${grant.id}`,
  };
}

const held = (grantId: string) => (target.store.assignments(SYSTEM)[SYSTEM] ?? []).filter((a) => a.grantIds.includes(grantId));
const confirmations = (grantId: string) => w.prisma.auditEvent.count({ where: { entityType: "Grant", entityId: grantId, action: "webhook.confirmed" } });

describe("demo webhook target", () => {
  it("grants, confirms by signed callback, revokes, and verify reads each state back", async () => {
    const t = await grantTarget();
    const result = await connector().grant(ctx(), t);
    expect(result.externalRef).toBe(t.externalRef);

    const granted = await connector().verify(ctx(), t);
    expect(granted.present).toBe(true);
    expect(granted.observed).toMatchObject({
      orderId: `${t.grantId}:grant`,
      state: "granted",
      target: { source: "demo webhook target", assigned: true, principal: "riley_requester", role: "ReadOnlyAccess", account: "412345678901", heldBy: [t.grantId] },
    });
    expect(held(t.grantId)).toHaveLength(1);

    await connector().revoke(ctx(), t);
    const revoked = await connector().verify(ctx(), t);
    expect(revoked.present).toBe(false);
    expect(revoked.observed).toMatchObject({ orderId: `${t.grantId}:revoke`, state: "revoked", target: { assigned: false, principal: "riley_requester", heldBy: [] } });
    expect(held(t.grantId)).toEqual([]);
    expect(await confirmations(t.grantId)).toBe(2);
  });

  it("applies a resent order once and calls back again, which the portal records once", async () => {
    const t = await grantTarget();
    const answers = receiver.statuses.length;
    await connector().grant(ctx(), t);
    await connector().grant(ctx(), t);
    expect(receiver.statuses.slice(answers)).toEqual([200, 200]);
    expect(held(t.grantId)).toHaveLength(1);
    expect(held(t.grantId)[0]!.grantIds.filter((id) => id === t.grantId)).toHaveLength(1);
    expect(await confirmations(t.grantId)).toBe(1);
    expect(lines.some((line) => line.includes(`${t.grantId}:grant`) && line.includes("applied once"))).toBe(true);
  });

  it("keeps an assignment while another grant of the same access still holds it", async () => {
    // A principal of its own, so no other case's grants hold the same assignment.
    const deployer = { id: randomUUID(), name: "svc_deployer_demo", kind: "NHI" as const };
    const first = await grantTarget(deployer);
    const second = await grantTarget(deployer);
    await connector().grant(ctx(), first);
    await connector().grant(ctx(), second);
    await connector().revoke(ctx(), first);
    const seen = await connector().verify(ctx(), first);
    expect(seen).toMatchObject({ present: false, observed: { state: "revoked", target: { assigned: true, heldBy: [second.grantId] } } });
    await connector().revoke(ctx(), second);
    expect((await connector().verify(ctx(), second)).observed).toMatchObject({ target: { assigned: false, heldBy: [] } });
  });

  it("refuses a tampered, stale or wrongly signed order with 401 and sends no callback", async () => {
    const t = await grantTarget();
    const secret = deriveWebhookSecret(SERVER_SECRET, SYSTEM);
    const order = {
      orderId: `${t.grantId}:grant`,
      action: "grant",
      requestId,
      grantId: t.grantId,
      system: SYSTEM,
      identity: t.identity,
      scope: t.scope,
      expiresAt: null,
      callbackUrl: receiver.callbackUrl,
    };
    const body = JSON.stringify(order);
    const post = (text: string, timestamp: string, signature: string) =>
      fetch(`${target.url}/hooks/cloud-iam`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": order.orderId, "x-portal-timestamp": timestamp, "x-portal-signature": signature },
        body: text,
      });
    const now = unixSeconds(new Date());
    const answers = receiver.statuses.length;

    const tampered = JSON.stringify({ ...order, scope: { ...t.scope, permissionSet: "AdministratorAccess" } });
    const refusals = [
      await post(tampered, now, sign(secret, now, body)),
      await post(body, now, sign(deriveWebhookSecret(SERVER_SECRET, "source-org"), now, body)),
      await post(body, now, sign("not-the-shared-secret", now, body)),
      await post(body, String(Number(now) - 400), sign(secret, String(Number(now) - 400), body)),
      await post(body, now, ""),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await refusals[0]!.json()).toMatchObject({ ok: false, field: "X-Portal-Signature" });
    expect(receiver.statuses.length).toBe(answers);
    expect(held(t.grantId)).toEqual([]);
    expect(lines.filter((line) => line.startsWith("Demo webhook target: refused POST /hooks/cloud-iam with 401"))).toHaveLength(5);

    // The connector with a secret the target does not share: refused for good, never confirmed.
    const wrong = createWebhookConnector({ callbackUrl: receiver.callbackUrl, secretFor: () => "a-secret-the-target-does-not-share" });
    const error = await wrong.grant(ctx(), t).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).retryable).toBe(false);
    expect((error as ConnectorError).message).toMatch(/answered 401/);
    expect(await confirmations(t.grantId)).toBe(0);

    // The genuine order, signed with the shared secret, is applied.
    expect((await post(body, now, sign(secret, now, body))).status).toBe(202);
    expect(held(t.grantId)).toHaveLength(1);
  });

  it("keeps its assignments across a restart", async () => {
    const t = await grantTarget();
    await connector().grant(ctx(), t);
    const file = path.join(stateDir, "webhook-target.json");
    expect(JSON.stringify(JSON.parse(readFileSync(file, "utf8")))).toContain(t.grantId);
    await target.close();
    target = await createDemoWebhookTarget({ port: 0, stateFile: file, log: (line) => lines.push(line) });
    expect(held(t.grantId)).toHaveLength(1);
    // The endpoint moved with the restart; the revoke goes to the new one.
    await connector().revoke(ctx(), { ...t, system: { ...t.system, config: { ...t.system.config, endpoint: `${target.url}/hooks/cloud-iam` } } });
    expect(held(t.grantId)).toEqual([]);
  });

  it("starts with the portal only in demo mode, and a taken port costs one log line", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    const base = { NEXTAUTH_SECRET: SERVER_SECRET, PGLITE_DATA_DIR: path.join(stateDir, "portal", "pglite"), DEMO_WEBHOOK_TARGET_PORT: String(port) };
    try {
      const log: string[] = [];
      expect(await startDemoWebhookTarget((line) => log.push(line), parseEnv({ ...base, PORTAL_DEMO_MODE: "false" } as unknown as NodeJS.ProcessEnv))).toBeNull();
      expect(log).toEqual([]);
      expect(await startDemoWebhookTarget((line) => log.push(line), parseEnv({ ...base, PORTAL_DEMO_MODE: "true" } as unknown as NodeJS.ProcessEnv))).toBeNull();
      expect(log).toEqual([`Demo webhook target: port ${port} on 127.0.0.1 is in use; not started (orders go to whatever listens there).`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // The port is free again now.
    const log: string[] = [];
    const started = await startDemoWebhookTarget((line) => log.push(line), parseEnv({ ...base, PORTAL_DEMO_MODE: "true" } as unknown as NodeJS.ProcessEnv));
    try {
      expect(started?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(log[0]).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/hooks\/<name>/);
      const listing = await fetch(`${started!.url}/assignments`);
      expect(await listing.json()).toEqual({ ok: true, systems: {} });
    } finally {
      await started?.close();
    }
  });
});
