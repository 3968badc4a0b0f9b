import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/keys/check/route";
import { apiKeyConnector } from "@/server/connectors/api-key";
import { ConnectorError, type ConnectorTarget } from "@/server/connectors/types";
import type { PrismaClient } from "@/server/db/generated/client";
import { checkApiKey } from "@/server/domain/credentials/api-key-check";
import { fingerprintApiKey } from "@/server/domain/credentials/api-key-format";
import { seededWorld, type World } from "./requests-world";

const MIN = 60_000;
const HOUR = 60 * MIN;

let world: World;
let prisma: PrismaClient;
let system: ConnectorTarget["system"];
const globalForDb = globalThis as unknown as { portalDb?: Promise<unknown> };

beforeAll(async () => {
  world = await seededWorld();
  prisma = world.prisma;
  const row = await prisma.system.findUniqueOrThrow({ where: { key: "api-keys" }, select: { key: true, connectorType: true, connectorConfig: true } });
  system = { key: row.key, connectorType: row.connectorType, config: row.connectorConfig as Record<string, unknown> };
  // The route handler reads the process-wide database: point it at this test's database.
  globalForDb.portalDb = Promise.resolve(world.db);
});

afterAll(async () => {
  globalForDb.portalDb = undefined;
  await world?.db.drop();
});

/** A PENDING Grant row for an NHI on a seeded ticket, as fulfilment creates it before the connector runs. */
async function newTarget(identityName = "svc-orders-api", expiresAt: Date | null = null, config: Record<string, unknown> = {}) {
  const identity = await prisma.identity.findUniqueOrThrow({ where: { name: identityName }, select: { id: true, name: true, kind: true } });
  const ticket = await prisma.accessRequest.findFirstOrThrow({ select: { id: true }, orderBy: { number: "asc" } });
  const grant = await prisma.grant.create({
    data: { requestId: ticket.id, identityId: identity.id, type: "SECRET", status: "PENDING", connectorType: "API_KEY", scope: { api: "orders-api" }, expiresAt },
    select: { id: true },
  });
  return {
    requestId: ticket.id,
    grantId: grant.id,
    system: { ...system, config: { ...system.config, ...config } },
    identity,
    scope: { api: "orders-api" },
    expiresAt,
  } satisfies ConnectorTarget;
}

const ctx = (now: Date) => ({ db: prisma, now });
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

async function callRoute(init: { bearer?: string; json?: unknown; authorization?: string }) {
  const headers = new Headers();
  if (init.bearer !== undefined) headers.set("authorization", `Bearer ${init.bearer}`);
  if (init.authorization !== undefined) headers.set("authorization", init.authorization);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const response = await POST(new Request("http://127.0.0.1/api/keys/check", { method: "POST", headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe("API-key connector", () => {
  it("issues a key shown once, stores only its fingerprint, and the key check accepts it", async () => {
    const now = new Date();
    const target = await newTarget("svc-orders-api", later(now, 30 * 24 * HOUR));
    const result = await apiKeyConnector.grant(ctx(now), target);

    const key = result.secret!.value;
    expect(key).toMatch(/^acme_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(result.secret!.prefix).toBe(key.slice(0, "acme_".length + 8));
    expect(result.secret!.fingerprint).toBe(fingerprintApiKey(key));

    const row = await prisma.secret.findUniqueOrThrow({ where: { id: result.externalRef } });
    expect(row).toMatchObject({ grantId: target.grantId, identityId: target.identity.id, fingerprint: fingerprintApiKey(key), prefix: result.secret!.prefix, algorithm: "sha256", version: 1, rotatedFromId: null, revokedAt: null });
    expect(row.expiresAt?.toISOString()).toBe(target.expiresAt!.toISOString());

    // Every column of every Secret row, as text: neither the key nor its secret part is in any of them.
    const all = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Secret"`);
    const text = JSON.stringify(all);
    expect(text).toContain(result.secret!.fingerprint);
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(result.secret!.prefix.length + 1));

    const check = await checkApiKey(prisma, key, later(now, MIN));
    expect(check).toMatchObject({ valid: true, reason: "ok", secretId: result.externalRef, version: 1, identity: { id: target.identity.id, name: "svc-orders-api", kind: "NHI" } });
    expect((await prisma.secret.findUniqueOrThrow({ where: { id: result.externalRef } })).lastUsedAt?.toISOString()).toBe(later(now, MIN).toISOString());

    const route = await callRoute({ bearer: key });
    expect(route.status).toBe(200);
    expect(route.body).toEqual({ valid: true, identity: { id: target.identity.id, name: "svc-orders-api", kind: "NHI" }, version: 1 });
    expect(route.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(route.body)).not.toContain(key);
  });

  it("grant is idempotent: a second grant issues nothing and returns the same reference without a value", async () => {
    const now = new Date();
    const target = await newTarget();
    const first = await apiKeyConnector.grant(ctx(now), target);
    const again = await apiKeyConnector.grant(ctx(later(now, MIN)), target);
    expect(again).toEqual({ externalRef: first.externalRef });
    expect(await prisma.secret.count({ where: { grantId: target.grantId } })).toBe(1);
    expect((await checkApiKey(prisma, first.secret!.value, now)).valid).toBe(true);
  });

  it("grants running at once for one Grant row issue one key: one of them shows it, the others only its reference", async () => {
    const now = new Date();
    const target = await newTarget();
    const results = await Promise.all(Array.from({ length: 5 }, () => apiKeyConnector.grant(ctx(now), target)));
    expect(new Set(results.map((r) => r.externalRef)).size).toBe(1);
    expect(results.filter((r) => r.secret).length).toBe(1);
    expect(await prisma.secret.count({ where: { grantId: target.grantId } })).toBe(1);
  });

  it("rotate issues version 2 on the rotating ticket's grant; both versions work during the overlap, the old one is refused after it", async () => {
    const now = new Date();
    const target = await newTarget("svc-checkout-worker", later(now, 90 * 24 * HOUR), { overlapMinutes: 30 });
    const v1 = await apiKeyConnector.grant(ctx(now), target);
    const next = await newTarget("svc-checkout-worker", later(now, 90 * 24 * HOUR), { overlapMinutes: 30 });
    const rotatedAt = later(now, HOUR);
    const previous = { grantId: target.grantId, externalRef: v1.externalRef };
    const v2 = await apiKeyConnector.rotate!(ctx(rotatedAt), next, previous);

    expect(v2.secret!.value).not.toBe(v1.secret!.value);
    expect(v2.previousUntil?.toISOString()).toBe(later(rotatedAt, 30 * MIN).toISOString());
    const rows = await prisma.secret.findMany({ where: { grantId: { in: [target.grantId, next.grantId] } }, orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.version, r.grantId, r.rotatedFromId])).toEqual([
      [1, target.grantId, null],
      [2, next.grantId, v1.externalRef],
    ]);
    expect(rows[0]!.expiresAt?.toISOString()).toBe(later(rotatedAt, 30 * MIN).toISOString());
    expect(rows[1]!.expiresAt?.toISOString()).toBe(next.expiresAt!.toISOString());
    expect((await prisma.identity.findUniqueOrThrow({ where: { id: target.identity.id } })).lastRotatedAt?.toISOString()).toBe(rotatedAt.toISOString());

    const during = later(rotatedAt, 29 * MIN);
    expect(await checkApiKey(prisma, v1.secret!.value, during)).toMatchObject({ valid: true, version: 1 });
    expect(await checkApiKey(prisma, v2.secret!.value, during)).toMatchObject({ valid: true, version: 2 });
    const after = later(rotatedAt, 31 * MIN);
    expect(await checkApiKey(prisma, v1.secret!.value, after)).toMatchObject({ valid: false, reason: "expired", version: 1 });
    expect(await checkApiKey(prisma, v2.secret!.value, after)).toMatchObject({ valid: true, version: 2 });

    const seen = await apiKeyConnector.verify(ctx(after), { ...next, externalRef: v2.externalRef });
    expect(seen.present).toBe(true);
    expect(seen.observed).toMatchObject({ activeVersions: [2], externalRefFound: true });
    expect(seen.summary).toMatch(/version 2 active for svc-checkout-worker/);
    // A retried rotation hands back the new version without its value; another rotation of version 1 is refused.
    expect(await apiKeyConnector.rotate!(ctx(after), next, previous)).toEqual({ externalRef: v2.externalRef });
    const other = await newTarget("svc-checkout-worker");
    await expect(apiKeyConnector.rotate!(ctx(rotatedAt), other, previous)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/already rotated to version 2/) });
  });

  it("rotation never extends the old version past its own expiry; the default overlap is 60 minutes", async () => {
    const now = new Date();
    const short = await newTarget("svc-orders-api", later(now, 20 * MIN));
    const a1 = await apiKeyConnector.grant(ctx(now), short);
    await apiKeyConnector.rotate!(ctx(now), await newTarget("svc-orders-api", later(now, 10 * HOUR)), { grantId: short.grantId, externalRef: a1.externalRef });
    expect((await prisma.secret.findUniqueOrThrow({ where: { id: a1.externalRef } })).expiresAt?.toISOString()).toBe(later(now, 20 * MIN).toISOString());

    const open = await newTarget("svc-orders-api", null);
    const b1 = await apiKeyConnector.grant(ctx(now), open);
    await apiKeyConnector.rotate!(ctx(now), await newTarget("svc-orders-api", null), { grantId: open.grantId, externalRef: b1.externalRef });
    expect((await prisma.secret.findUniqueOrThrow({ where: { id: b1.externalRef } })).expiresAt?.toISOString()).toBe(later(now, 60 * MIN).toISOString());
  });

  it("revoke refuses the key with 'revoked', is idempotent, and verify then reports absent", async () => {
    const now = new Date();
    const target = await newTarget();
    const v1 = await apiKeyConnector.grant(ctx(now), target);
    const revokedAt = later(now, MIN);
    await apiKeyConnector.revoke(ctx(revokedAt), { ...target, externalRef: v1.externalRef });
    await apiKeyConnector.revoke(ctx(later(revokedAt, MIN)), { ...target, externalRef: v1.externalRef });

    const rows = await prisma.secret.findMany({ where: { grantId: target.grantId } });
    expect(rows.map((r) => r.revokedAt?.toISOString())).toEqual([revokedAt.toISOString()]);
    expect(await checkApiKey(prisma, v1.secret!.value, revokedAt)).toMatchObject({ valid: false, reason: "revoked" });
    const seen = await apiKeyConnector.verify(ctx(revokedAt), { ...target, externalRef: v1.externalRef });
    expect(seen.present).toBe(false);
    expect(seen.summary).toMatch(/none active \(v1 revoked\)/);
    const versions = seen.observed.versions as { fingerprint: string; revokedAt: string }[];
    expect(versions.map((v) => v.fingerprint)).toEqual([v1.secret!.fingerprint]);
    expect(JSON.stringify(seen)).not.toContain(v1.secret!.value);

    await expect(apiKeyConnector.grant(ctx(revokedAt), target)).rejects.toMatchObject({ name: "ConnectorError", retryable: false });
    await expect(apiKeyConnector.rotate!(ctx(revokedAt), await newTarget(), { grantId: target.grantId, externalRef: v1.externalRef })).rejects.toBeInstanceOf(ConnectorError);
  });

  it("a key past its expiry is refused with 'expired' and verify reports it absent", async () => {
    const now = new Date();
    const target = await newTarget("svc-orders-api", later(now, 2 * HOUR));
    const issued = await apiKeyConnector.grant(ctx(now), target);
    const ref = { ...target, externalRef: issued.externalRef };
    expect((await apiKeyConnector.verify(ctx(later(now, HOUR)), ref)).present).toBe(true);
    expect(await checkApiKey(prisma, issued.secret!.value, later(now, 2 * HOUR - 1))).toMatchObject({ valid: true });
    expect(await checkApiKey(prisma, issued.secret!.value, later(now, 2 * HOUR))).toMatchObject({ valid: false, reason: "expired" });
    const seen = await apiKeyConnector.verify(ctx(later(now, 2 * HOUR)), ref);
    expect(seen.present).toBe(false);
    expect(seen.summary).toMatch(/v1 expired/);
  });

  it("verify reports absent when nothing was issued; unknown keys are refused", async () => {
    const now = new Date();
    const target = await newTarget();
    const seen = await apiKeyConnector.verify(ctx(now), { ...target, externalRef: "missing" });
    expect(seen).toMatchObject({ present: false, observed: { versions: [], externalRefFound: false } });
    expect(seen.summary).toMatch(/no key was issued/);
    expect(await checkApiKey(prisma, "acme_00000000_not-a-real-key", now)).toEqual({ valid: false, reason: "unknown" });
    expect(await checkApiKey(prisma, "x".repeat(10_000), now)).toEqual({ valid: false, reason: "unknown" });
  });

  it("a key whose Grant row is REVOKED or FAILED is refused even before its Secret rows are revoked", async () => {
    const now = new Date();
    for (const status of ["REVOKED", "FAILED"] as const) {
      const target = await newTarget();
      const issued = await apiKeyConnector.grant(ctx(now), target);
      await prisma.grant.update({ where: { id: target.grantId }, data: { status } });
      expect(await checkApiKey(prisma, issued.secret!.value, now)).toMatchObject({ valid: false, reason: "revoked" });
    }
  });

  it("refuses what it must not issue: a person, a past expiry, a bad overlap, a missing grant row", async () => {
    const now = new Date();
    const person = await newTarget("riley.requester");
    await expect(apiKeyConnector.grant(ctx(now), person)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/non-human/) });
    const past = await newTarget("svc-orders-api", later(now, -MIN));
    await expect(apiKeyConnector.grant(ctx(now), past)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/expiresAt/) });
    const badOverlap = await newTarget("svc-orders-api", null, { overlapMinutes: -5 });
    await expect(apiKeyConnector.grant(ctx(now), badOverlap)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/overlapMinutes/) });
    const target = await newTarget();
    await expect(apiKeyConnector.grant(ctx(now), { ...target, grantId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/does not exist/) });
    expect(await prisma.secret.count({ where: { grantId: { in: [person.grantId, past.grantId, badOverlap.grantId] } } })).toBe(0);
  });
});

describe("POST /api/keys/check", () => {
  it("answers 200 for a live key (bearer or JSON body) and 401 with the reason otherwise", async () => {
    const now = new Date();
    const target = await newTarget("svc-orders-api", later(now, HOUR));
    const issued = await apiKeyConnector.grant(ctx(now), target);
    const key = issued.secret!.value;

    expect((await callRoute({ json: { key } })).body).toMatchObject({ valid: true, version: 1 });
    expect((await callRoute({ authorization: `bearer   ${key}` })).status).toBe(200);

    const unknown = await callRoute({ bearer: `${key}x` });
    expect(unknown).toMatchObject({ status: 401, body: { valid: false, reason: "unknown" } });
    expect(unknown.headers.get("www-authenticate")).toMatch(/^Bearer/);

    await apiKeyConnector.revoke(ctx(new Date()), { ...target, externalRef: issued.externalRef });
    const revoked = await callRoute({ bearer: key });
    expect(revoked).toMatchObject({ status: 401, body: { valid: false, reason: "revoked" } });
    expect(JSON.stringify(revoked.body)).not.toContain(key);
  });

  it("answers 401 'expired' for a key past its expiry", async () => {
    const now = new Date();
    const target = await newTarget("svc-orders-api", later(now, HOUR));
    const issued = await apiKeyConnector.grant(ctx(now), target);
    await prisma.secret.update({ where: { id: issued.externalRef }, data: { expiresAt: later(now, -MIN) } });
    expect(await callRoute({ bearer: issued.secret!.value })).toMatchObject({ status: 401, body: { valid: false, reason: "expired" } });
  });

  it("answers 400 when no key is presented", async () => {
    expect((await callRoute({})).status).toBe(400);
    expect((await callRoute({ authorization: "Basic dXNlcjpwYXNz" })).status).toBe(400);
    expect((await callRoute({ json: { token: "x" } })).status).toBe(400);
    expect((await callRoute({ json: { key: 42 } })).status).toBe(400);
  });
});
