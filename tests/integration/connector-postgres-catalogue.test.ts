import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresConnector } from "@/server/connectors/postgres";
import type { ConnectorTarget } from "@/server/connectors/types";
import { CATALOGUE } from "@/server/db/seed/catalogue-data";
import { buildSystems } from "@/server/db/seed/systems";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

/**
 * Every POSTGRES entitlement the demo seeds is one the connector really carries out: granted on
 * the embedded target (schemas target_<db>__<schema> of the test database) with the seeded
 * system's configuration and the entitlement's scope, then read back by verify with every
 * privilege held, then revoked and read back as gone. On a PostgreSQL server, where roles are
 * shared by every database, the role names carry a random suffix.
 */
const suffix = onPostgres ? `_${randomBytes(3).toString("hex")}` : "";
const systems = buildSystems().filter((s) => s.connectorType === "POSTGRES");
const entitlements = systems.flatMap((system) => (CATALOGUE[system.key] ?? []).map((e) => ({ system, e })));

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

function targetOf({ system, e }: (typeof entitlements)[number]): ConnectorTarget & { externalRef: string } {
  const scope = e.scope as Record<string, unknown>;
  const nhi = e.audience === "nhi";
  return {
    requestId: `catalogue-${e.key}`,
    grantId: `catalogue-${e.key}`,
    system: { key: system.key, connectorType: "POSTGRES", config: system.connectorConfig as Record<string, unknown> },
    identity: { id: `identity-${e.key}`, name: nhi ? `svc-catalogue-check${suffix}` : `casey.catalogue${suffix}@acme.example`, kind: nhi ? "NHI" : "HUMAN" },
    scope: { ...scope, role: `${String(scope.role)}${suffix}` },
    expiresAt: null,
    externalRef: "",
  };
}

describe("seeded PostgreSQL catalogue on the embedded target", () => {
  it("covers every PostgreSQL system of the seed", () => {
    expect(systems.map((s) => s.key).sort()).toEqual(["orders-db", "staging-db", "warehouse"]);
    expect(entitlements.length).toBeGreaterThanOrEqual(15);
  });

  it.each(entitlements.map((item) => [`${item.system.key}:${item.e.key}`, item] as const))("%s is granted, held as scoped, and revoked", async (_ref, item) => {
    const target = targetOf(item);
    const ctx = { db: db.prisma, now: new Date() };
    const { externalRef } = await postgresConnector.grant(ctx, target);

    const granted = await postgresConnector.verify(ctx, { ...target, externalRef });
    expect(granted.present, granted.summary).toBe(true);
    const privileges = granted.observed.privileges as { held: boolean; missing: string[]; requested: string[]; schemas: { exists: boolean }[] };
    expect(privileges.missing, granted.summary).toEqual([]);
    expect(privileges.held).toBe(true);
    expect(privileges.requested).toEqual((item.e.scope as { privileges: string[] }).privileges);
    expect(privileges.schemas.every((s) => s.exists)).toBe(true);

    await postgresConnector.revoke(ctx, { ...target, externalRef });
    const revoked = await postgresConnector.verify(ctx, { ...target, externalRef });
    expect(revoked.present, revoked.summary).toBe(false);
  });
});
