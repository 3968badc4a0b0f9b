import { randomBytes } from "node:crypto";
import { createServer, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresConnector } from "@/server/connectors/postgres";
import { ConnectorError, type ConnectorContext, type ConnectorTarget } from "@/server/connectors/types";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

/**
 * The PostgreSQL connector against real targets: a database on the PostgreSQL server named by
 * TEST_DATABASE_URL (skipped without one), and the embedded demo store (PGlite, or PostgreSQL
 * when TEST_DATABASE_URL is set). Role names carry a random suffix because roles are shared by
 * every database of a server.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

type Scope = Record<string, unknown>;

function targetFor(config: Record<string, unknown>, identityName: string, scope: Scope, externalRef = ""): ConnectorTarget & { externalRef: string } {
  return {
    requestId: "req_test",
    grantId: "grant_test",
    system: { key: "orders-db", connectorType: "POSTGRES", config },
    identity: { id: "identity_test", name: identityName, kind: "HUMAN" },
    scope,
    expiresAt: null,
    externalRef,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const MEMBERSHIP_SQL = `SELECT m.rolname AS member, g.rolname AS grp FROM pg_auth_members am
  JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid WHERE m.rolname = $1 AND g.rolname = $2`;

describe.skipIf(!serverUrl)("PostgreSQL connector on an external server (connectorConfig.url)", () => {
  const suffix = randomBytes(4).toString("hex");
  const database = `conn_target_${suffix}`;
  const identity = `riley.requester.${suffix}`;
  const member = `riley_requester_${suffix}`;
  const readRole = `orders_read_${suffix}`;
  const writeRole = `orders_write_${suffix}`;
  const viewRole = `orders_support_ro_${suffix}`;
  const loginRole = `app_login_${suffix}`;
  const ctx = (): ConnectorContext => ({ db: undefined as never, now: new Date() });
  const config = () => ({ url: serverUrl!, database, connectTimeoutMs: 3_000 });
  const targetUrl = () => withDatabase(serverUrl!, database);
  const readScope = { database, role: readRole, privileges: ["SELECT"], schemas: ["public"] };

  beforeAll(async () => {
    await adminQuery(serverUrl!, `CREATE DATABASE ${database}`);
    await adminQuery(
      targetUrl(),
      `CREATE SCHEMA billing;
       CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric);
       CREATE TABLE public.customers (id bigint PRIMARY KEY, email text);
       CREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint);
       CREATE VIEW public.support_orders_v AS SELECT id FROM public.orders;
       CREATE ROLE ${loginRole} LOGIN;`,
    );
  });

  afterAll(async () => {
    if (!serverUrl) return;
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const role of [member, readRole, writeRole, viewRole, loginRole, `orders_race_${suffix}`]) await adminQuery(serverUrl, `DROP ROLE IF EXISTS ${role}`);
  });

  it("grants: creates the NOLOGIN group with its privileges and the member role, and pg_auth_members shows the membership", async () => {
    const result = await postgresConnector.grant(ctx(), targetFor(config(), identity, readScope));
    expect(result.externalRef).toBe(`${member} in ${readRole}@${database}`);

    const rows = await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, readRole]);
    expect(rows).toEqual([{ member, grp: readRole }]);
    const [roles] = await adminQuery<{ member_login: boolean; group_login: boolean; can_read: boolean; can_insert: boolean }>(
      targetUrl(),
      `SELECT (SELECT rolcanlogin FROM pg_roles WHERE rolname = $1) AS member_login,
              (SELECT rolcanlogin FROM pg_roles WHERE rolname = $2) AS group_login,
              has_table_privilege($1, 'public.orders', 'SELECT') AS can_read,
              has_table_privilege($1, 'public.orders', 'INSERT') AS can_insert`,
      [member, readRole],
    );
    expect(roles).toEqual({ member_login: false, group_login: false, can_read: true, can_insert: false });

    const observation = await postgresConnector.verify(ctx(), targetFor(config(), identity, readScope, result.externalRef));
    expect(observation.present).toBe(true);
    expect(observation.summary).toContain(`Role ${readRole} granted to ${member}`);
    expect(observation.observed.membership).toEqual([expect.objectContaining({ member, group: readRole, adminOption: false })]);
    const privileges = observation.observed.privileges as { held: boolean; relations: { name: string; privileges: Record<string, boolean> }[]; schemas: { schema: string; privileges: Record<string, boolean> }[] };
    expect(privileges.held).toBe(true);
    expect(privileges.schemas).toEqual([expect.objectContaining({ schema: "public", exists: true, privileges: { USAGE: true } })]);
    expect(privileges.relations.map((r) => r.name).sort()).toEqual(["customers", "orders", "support_orders_v"]);
    expect(observation.observed.tableGrants).toEqual(expect.arrayContaining([expect.objectContaining({ table_name: "orders", privilege_type: "SELECT" })]));
  });

  it("grants twice: the same reference and still one membership row", async () => {
    const first = await postgresConnector.grant(ctx(), targetFor(config(), identity, readScope));
    const second = await postgresConnector.grant(ctx(), targetFor(config(), identity, readScope));
    expect(second.externalRef).toBe(first.externalRef);
    expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, readRole])).toHaveLength(1);
  });

  it("grants write privileges across two schemas and SELECT on a named view only", async () => {
    const writeScope = { database, role: writeRole, privileges: ["SELECT", "INSERT", "UPDATE"], schemas: ["public", "billing"] };
    const write = await postgresConnector.grant(ctx(), targetFor(config(), identity, writeScope));
    const viewScope = { database, role: viewRole, privileges: ["SELECT"], views: ["support_orders_v"] };
    const view = await postgresConnector.grant(ctx(), targetFor(config(), identity, viewScope));

    const [facts] = await adminQuery<Record<string, boolean>>(
      targetUrl(),
      `SELECT has_table_privilege($1, 'billing.invoices', 'INSERT') AS write_invoices,
              has_table_privilege($1, 'billing.invoices', 'DELETE') AS delete_invoices,
              has_table_privilege($2, 'public.support_orders_v', 'SELECT') AS view_read,
              has_table_privilege($2, 'public.orders', 'SELECT') AS view_role_orders`,
      [writeRole, viewRole],
    );
    expect(facts).toEqual({ write_invoices: true, delete_invoices: false, view_read: true, view_role_orders: false });

    const observed = await postgresConnector.verify(ctx(), targetFor(config(), identity, viewScope, view.externalRef));
    expect(observed.present).toBe(true);
    expect((observed.observed.privileges as { relations: unknown[] }).relations).toEqual([{ schema: "public", name: "support_orders_v", kind: "v", privileges: { SELECT: true } }]);
    const writeObserved = await postgresConnector.verify(ctx(), targetFor(config(), identity, writeScope, write.externalRef));
    expect((writeObserved.observed.privileges as { held: boolean; relationCount: number }).held).toBe(true);
    expect((writeObserved.observed.privileges as { relationCount: number }).relationCount).toBe(4);
  });

  it("revokes: the membership goes, the group role stays, and verify reports it absent; revoking again succeeds", async () => {
    const ref = `${member} in ${readRole}@${database}`;
    await postgresConnector.revoke(ctx(), targetFor(config(), identity, readScope, ref));
    expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, readRole])).toEqual([]);
    expect(await adminQuery(targetUrl(), "SELECT rolname FROM pg_roles WHERE rolname = $1", [readRole])).toHaveLength(1);

    const observation = await postgresConnector.verify(ctx(), targetFor(config(), identity, readScope, ref));
    expect(observation.present).toBe(false);
    expect(observation.observed.membership).toEqual([]);
    expect(observation.summary).toContain(`${member} is not a member of ${readRole}`);

    await expect(postgresConnector.revoke(ctx(), targetFor(config(), identity, readScope, ref))).resolves.toBeUndefined();
    expect((await postgresConnector.verify(ctx(), targetFor(config(), identity, readScope, ref))).present).toBe(false);
  });

  it("three grants racing for a new group role all succeed with one membership", async () => {
    const raceRole = `orders_race_${suffix}`;
    const scope = { database, role: raceRole, privileges: ["SELECT"], schemas: ["public", "billing"] };
    const results = await Promise.all([1, 2, 3].map(() => postgresConnector.grant(ctx(), targetFor(config(), identity, scope))));
    expect(new Set(results.map((r) => r.externalRef))).toEqual(new Set([`${member} in ${raceRole}@${database}`]));
    expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, raceRole])).toHaveLength(1);
    await postgresConnector.revoke(ctx(), targetFor(config(), identity, scope, results[0]!.externalRef));
  });

  it("refuses a schema the target does not have, without creating it", async () => {
    const error = await rejection(postgresConnector.grant(ctx(), targetFor(config(), identity, { ...readScope, schemas: ["finance"] })));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Schema finance does not exist");
    expect(await adminQuery(targetUrl(), "SELECT nspname FROM pg_namespace WHERE nspname = 'finance'")).toEqual([]);
  });

  it("refuses to hand out membership in a role that can log in", async () => {
    const error = await rejection(postgresConnector.grant(ctx(), targetFor(config(), identity, { ...readScope, role: loginRole })));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("canlogin");
    expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, loginRole])).toEqual([]);
  });

  it("waits for another change on the same target only as long as the statement timeout allows, then asks for a retry", async () => {
    const holder = new pg.Client({ connectionString: targetUrl() });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(hashtext('access-portal:postgres-connector'))");
      const started = Date.now();
      const error = await rejection(postgresConnector.grant(ctx(), targetFor({ ...config(), statementTimeoutMs: 500 }, identity, readScope)));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain("55P03");
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });

  it("a portal login that cannot give the privileges fails the grant without handing out membership", async () => {
    const weak = `portal_weak_${suffix}`;
    const weakRole = `orders_weak_${suffix}`;
    await adminQuery(serverUrl!, `CREATE ROLE ${weak} LOGIN CREATEROLE`);
    try {
      const u = new URL(serverUrl!);
      u.username = weak;
      const error = await rejection(postgresConnector.grant(ctx(), targetFor({ url: u.toString() }, identity, { ...readScope, role: weakRole })));
      expect(error.retryable).toBe(false);
      // PostgreSQL refuses outright when the login holds nothing on a table, and only warns when it
      // holds the privilege without GRANT OPTION; the connector fails the grant either way.
      expect(error.message).toMatch(new RegExp(`permission denied for table|could not give ${weakRole}`));
      expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, weakRole])).toEqual([]);

      await adminQuery(targetUrl(), `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${weak}`);
      const warned = await rejection(postgresConnector.grant(ctx(), targetFor({ url: u.toString() }, identity, { ...readScope, role: weakRole })));
      expect(warned.retryable).toBe(false);
      expect(warned.message).toContain(`could not give ${weakRole} SELECT on public.`);
      expect(await adminQuery(targetUrl(), MEMBERSHIP_SQL, [member, weakRole])).toEqual([]);
    } finally {
      await adminQuery(targetUrl(), `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${weak}`);
      await adminQuery(serverUrl!, `DROP ROLE IF EXISTS ${weakRole}`);
      await adminQuery(serverUrl!, `DROP ROLE IF EXISTS ${weak}`);
    }
  });

  it("a database the server does not have is a configuration error", async () => {
    const error = await rejection(postgresConnector.grant(ctx(), targetFor({ url: serverUrl! }, identity, { ...readScope, database: `missing_${suffix}` })));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("3D000");
  });
});

describe("PostgreSQL connector on the embedded demo store", () => {
  let db: TestDatabase;
  const suffix = randomBytes(4).toString("hex");
  const identity = `riley.requester.${suffix}`;
  const member = `riley_requester_${suffix}`;
  const readRole = `orders_read_${suffix}`;
  const eventsRole = `raw_events_read_${suffix}`;
  const config = { database: "orders", schemas: ["public", "billing"], roleMembershipView: "pg_auth_members" };
  const readScope = { database: "orders", role: readRole, privileges: ["SELECT"], schemas: ["public"] };
  const ctx = (): ConnectorContext => ({ db: db.prisma, now: new Date() });
  const membership = () => db.prisma.$queryRawUnsafe<{ member: string; grp: string }[]>(MEMBERSHIP_SQL, member, readRole);

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
    // Roles outlive a dropped database on a shared server.
    if (onPostgres) for (const role of [member, readRole, eventsRole]) await adminQuery(serverUrl!, `DROP ROLE IF EXISTS ${role}`);
  });

  it("grants into schema target_orders__public, idempotently, and pg_auth_members shows it", async () => {
    const first = await postgresConnector.grant(ctx(), targetFor(config, identity, readScope));
    const second = await postgresConnector.grant(ctx(), targetFor(config, identity, readScope));
    expect(first.externalRef).toBe(`${member} in ${readRole}@orders`);
    expect(second.externalRef).toBe(first.externalRef);
    expect(await membership()).toEqual([{ member, grp: readRole }]);
    const [schema] = await db.prisma.$queryRawUnsafe<{ acl: string }[]>("SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = 'target_orders__public'");
    expect(schema?.acl).toContain(`${readRole}=U/`);

    const observation = await postgresConnector.verify(ctx(), targetFor(config, identity, readScope, first.externalRef));
    expect(observation.present).toBe(true);
    expect(observation.observed.target).toEqual({ kind: "embedded", where: "orders (embedded demo store)", database: "orders" });
    expect((observation.observed.privileges as { held: boolean }).held).toBe(true);
  });

  it("revokes and verifies a membership named only by the identity and scope, even when the scope lists privileges no grant could give", async () => {
    await postgresConnector.grant(ctx(), targetFor(config, identity, readScope));
    // A grant recorded before this connector (no reference of ours) whose scope also lists ALTER.
    const legacy = targetFor(config, identity, { ...readScope, privileges: ["SELECT", "ALTER"] }, "seeded-grant-reference");
    await postgresConnector.revoke(ctx(), legacy);
    expect(await membership()).toEqual([]);
    const observation = await postgresConnector.verify(ctx(), legacy);
    expect(observation.present).toBe(false);
    expect(observation.summary).toContain(`not a member of ${readRole}`);
    // The tests below start from the granted membership.
    await postgresConnector.grant(ctx(), targetFor(config, identity, readScope));
  });

  it("creates the named tables as empty placeholders and grants on them only", async () => {
    const scope = { database: "warehouse", role: eventsRole, privileges: ["SELECT"], schemas: ["raw"], tables: ["events", "sessions"] };
    const { externalRef } = await postgresConnector.grant(ctx(), targetFor(config, identity, scope));
    const [facts] = await db.prisma.$queryRawUnsafe<Record<string, boolean>[]>(
      `SELECT has_table_privilege($1, 'target_warehouse__raw.events', 'SELECT') AS events,
              has_table_privilege($1, 'target_warehouse__raw.sessions', 'SELECT') AS sessions,
              has_table_privilege($1, 'target_warehouse__raw.events', 'UPDATE') AS events_update`,
      member,
    );
    expect(facts).toEqual({ events: true, sessions: true, events_update: false });
    const observation = await postgresConnector.verify(ctx(), targetFor(config, identity, scope, externalRef));
    expect((observation.observed.privileges as { relations: { name: string }[] }).relations.map((r) => r.name)).toEqual(["events", "sessions"]);
  });

  it("acts on the names grant derives when the reference is not one of its own, never on the reference's text", async () => {
    const ref = `${member} in ${readRole}@orders; DROP ROLE ${member}`;
    const observation = await postgresConnector.verify(ctx(), targetFor(config, identity, readScope, ref));
    expect(observation.present).toBe(true);
    expect(observation.observed).toMatchObject({ memberRole: member, groupRole: readRole, memberRoleExists: true });
  });

  it("verify of a group role that was never created reads absent, with nothing held", async () => {
    const scope = { database: "orders", role: `orders_never_${suffix}`, privileges: ["SELECT", "USAGE"], schemas: ["public"] };
    const observation = await postgresConnector.verify(ctx(), targetFor(config, identity, scope, ""));
    expect(observation.present).toBe(false);
    expect(observation.observed).toMatchObject({ groupRoleExists: false, memberRoleExists: true, memberInherits: true, membership: [] });
    expect((observation.observed.privileges as { held: boolean; missing: string[] }).missing).toContain("USAGE on schema public");
  });

  it("revokes, idempotently, and verify reads the membership gone", async () => {
    const ref = `${member} in ${readRole}@orders`;
    await postgresConnector.revoke(ctx(), targetFor(config, identity, readScope, ref));
    await postgresConnector.revoke(ctx(), targetFor(config, identity, readScope, ref));
    expect(await membership()).toEqual([]);
    const observation = await postgresConnector.verify(ctx(), targetFor(config, identity, readScope, ref));
    expect(observation.present).toBe(false);
    expect(observation.observed.groupRoleExists).toBe(true);
  });

  it("refuses a role name that is not a plain identifier, before touching the target", async () => {
    const evil = 'orders_read"; DROP ROLE postgres; --';
    const error = await rejection(postgresConnector.grant(ctx(), targetFor(config, identity, { ...readScope, role: evil })));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("scope.role");
    const refError = await rejection(postgresConnector.revoke(ctx(), targetFor(config, identity, { ...readScope, role: evil }, "grant_cuid_123")));
    expect(refError.retryable).toBe(false);
    expect(await db.prisma.$queryRawUnsafe("SELECT rolname FROM pg_roles WHERE rolname LIKE 'orders_read\"%'")).toEqual([]);
  });

  it("refuses privileges PostgreSQL cannot grant", async () => {
    const unknown = await rejection(postgresConnector.grant(ctx(), targetFor(config, identity, { ...readScope, privileges: ["SELECT", "SUPERPOWER"] })));
    expect(unknown.retryable).toBe(false);
    expect(unknown.message).toContain('"SUPERPOWER" is not a PostgreSQL privilege');
    const alter = await rejection(postgresConnector.grant(ctx(), targetFor(config, identity, { ...readScope, privileges: ["CREATE", "ALTER"] })));
    expect(alter.retryable).toBe(false);
    expect(alter.message).toContain("ownership");
  });
});

describe("PostgreSQL connector with an unreachable target", () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
  const ctx: ConnectorContext = { db: undefined as never, now: new Date() };
  const scope = { database: "orders", role: "orders_read", privileges: ["SELECT"] };

  it("a closed loopback port is a retryable ConnectorError, reported at once", async () => {
    const port = await closedPort();
    const config = { url: `postgres://postgres@127.0.0.1:${port}/postgres`, connectTimeoutMs: 2_000 };
    const started = Date.now();
    const error = await rejection(postgresConnector.grant(ctx, targetFor(config, "riley.requester", scope)));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`orders at 127.0.0.1:${port} is unreachable`);
    const verifyError = await rejection(postgresConnector.verify(ctx, targetFor(config, "riley.requester", scope, "riley_requester in orders_read@orders")));
    expect(verifyError.retryable).toBe(true);
  });

  it("a server that accepts the connection but never answers is a retryable timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const error = await rejection(
        postgresConnector.grant(ctx, targetFor({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, connectTimeoutMs: 500 }, "riley.requester", scope)),
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/did not answer in time|timeout/i);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("a URL that is not postgres:// is a configuration error", async () => {
    const error = await rejection(postgresConnector.grant(ctx, targetFor({ url: "http://127.0.0.1:1/" }, "riley.requester", scope)));
    expect(error.retryable).toBe(false);
  });
});
