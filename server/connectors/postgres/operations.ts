import { ConnectorError } from "../types";
import { TargetConflict } from "./errors";
import { qualified, quoteIdent, type MembershipRef } from "./identifiers";
import type { PgPlan, Relation } from "./plan";
import type { Target, TargetSql } from "./session";

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolcanlogin: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
}

const ROLE_COLUMNS = "rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls";

async function findRole(sql: TargetSql, name: string): Promise<RoleRow | undefined> {
  const rows = await sql.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM pg_roles WHERE rolname = $1`, [name]);
  return rows[0];
}

/**
 * Membership in a group passes on everything the group may do, so the portal only hands out
 * plain NOLOGIN groups: never one that is a superuser, a login, or can create roles or databases.
 */
function refuseStrongGroup(role: RoleRow): void {
  const strong = (["rolsuper", "rolcanlogin", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls"] as const).filter((k) => role[k]);
  if (strong.length) {
    throw new ConnectorError(
      `Role ${role.rolname} exists with ${strong.map((k) => k.replace(/^rol/, "")).join(", ")}: the portal grants membership only in NOLOGIN group roles without special attributes.`,
      false,
    );
  }
}

async function ensureRole(sql: TargetSql, name: string): Promise<RoleRow | undefined> {
  const existing = await findRole(sql, name);
  if (!existing) await sql.exec(`CREATE ROLE ${quoteIdent(name)} NOLOGIN`);
  return existing;
}

async function schemaExists(sql: TargetSql, schema: string): Promise<boolean> {
  const rows = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1", [schema]);
  return (rows[0]?.n ?? 0) > 0;
}

async function relationKind(sql: TargetSql, schema: string, name: string): Promise<string | undefined> {
  const rows = await sql.query<{ relkind: string }>(
    "SELECT c.relkind::text AS relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
    [schema, name],
  );
  return rows[0]?.relkind;
}

/**
 * The demo store has no real orders or warehouse data: a missing schema, table or view is
 * created empty, so the privileges have something real to attach to. An external target is
 * never changed beyond roles and grants: what is missing there is a configuration error.
 */
async function ensureObjects(sql: TargetSql, target: Target, plan: PgPlan): Promise<void> {
  for (const schema of plan.schemas) {
    const physical = target.schemaName(schema);
    if (await schemaExists(sql, physical)) continue;
    if (target.kind === "external") throw new ConnectorError(`Schema ${schema} does not exist in database ${plan.database}.`, false);
    await sql.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(physical)}`);
  }
  for (const relation of plan.relations ?? []) {
    const physical = target.schemaName(relation.schema);
    if (await relationKind(sql, physical, relation.name)) continue;
    if (target.kind === "external") {
      throw new ConnectorError(`${relation.kind === "view" ? "View" : "Table"} ${relation.schema}.${relation.name} does not exist in database ${plan.database}.`, false);
    }
    const name = qualified(physical, relation.name);
    await sql.exec(relation.kind === "view" ? `CREATE VIEW ${name} AS SELECT 1::bigint AS id WHERE false` : `CREATE TABLE IF NOT EXISTS ${name} (id bigint PRIMARY KEY)`);
  }
}

/**
 * Idempotent: every statement is a no-op when what it creates or grants is already there. Two
 * grants racing to create the same role: the loser rolls back and runs once more, finding it.
 */
export async function grantMembership(target: Target, plan: PgPlan): Promise<void> {
  try {
    await grantOnce(target, plan);
  } catch (error) {
    if (!(error instanceof TargetConflict)) throw error;
    await grantOnce(target, plan);
  }
}

/**
 * Concurrent GRANTs on one schema or role fail with "tuple concurrently updated", so changes
 * the portal makes to one target database queue behind a transaction-scoped advisory lock.
 */
async function serialise(sql: TargetSql): Promise<void> {
  await sql.query("SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS locked", ["access-portal:postgres-connector"]);
}

async function grantOnce(target: Target, plan: PgPlan): Promise<void> {
  await target.transaction(async (sql) => {
    await serialise(sql);
    const group = await ensureRole(sql, plan.groupRole);
    if (group) refuseStrongGroup(group);
    await ensureRole(sql, plan.memberRole);
    await ensureObjects(sql, target, plan);
    const groupName = quoteIdent(plan.groupRole);
    for (const schema of plan.schemas) {
      await sql.exec(`GRANT ${plan.schemaPrivileges.join(", ")} ON SCHEMA ${quoteIdent(target.schemaName(schema))} TO ${groupName}`);
    }
    if (plan.tablePrivileges.length) {
      const privileges = plan.tablePrivileges.join(", ");
      if (plan.relations) {
        for (const r of plan.relations) await sql.exec(`GRANT ${privileges} ON TABLE ${qualified(target.schemaName(r.schema), r.name)} TO ${groupName}`);
      } else {
        for (const schema of plan.schemas) await sql.exec(`GRANT ${privileges} ON ALL TABLES IN SCHEMA ${quoteIdent(target.schemaName(schema))} TO ${groupName}`);
      }
    }
    // A GRANT by a user who does not own the object only warns; check before handing out membership.
    const privileges = await readPrivileges(sql, target, plan);
    if (privileges.missing.length) {
      throw new ConnectorError(
        `The portal's database user could not give ${plan.groupRole} ${privileges.missing.slice(0, 5).join("; ")}${privileges.missing.length > 5 ? ` and ${privileges.missing.length - 5} more` : ""} (it must own the objects or hold the privileges WITH GRANT OPTION).`,
        false,
      );
    }
    await sql.exec(`GRANT ${groupName} TO ${quoteIdent(plan.memberRole)}`);
  });
}

/** Idempotent: removes the membership when it is there; the group role and its privileges stay. */
export async function revokeMembership(target: Target, ref: MembershipRef): Promise<void> {
  await target.transaction(async (sql) => {
    await serialise(sql);
    const rows = await readMembership(sql, ref);
    if (rows.length) await sql.exec(`REVOKE ${quoteIdent(ref.groupRole)} FROM ${quoteIdent(ref.memberRole)}`);
  });
}

export interface MembershipRow {
  member: string;
  group: string;
  adminOption: boolean;
  grantor: string | null;
}

export async function readMembership(sql: TargetSql, ref: MembershipRef): Promise<MembershipRow[]> {
  return sql.query<MembershipRow>(
    `SELECT m.rolname AS member, g.rolname AS "group", am.admin_option AS "adminOption", gr.rolname AS grantor
       FROM pg_auth_members am
       JOIN pg_roles m ON m.oid = am.member
       JOIN pg_roles g ON g.oid = am.roleid
       LEFT JOIN pg_roles gr ON gr.oid = am.grantor
      WHERE m.rolname = $1 AND g.rolname = $2`,
    [ref.memberRole, ref.groupRole],
  );
}

/** At most this many relations are listed in the evidence; the counts always cover all of them. */
const MAX_LISTED_RELATIONS = 100;

export interface ObservedPrivileges {
  schemas: { schema: string; physical: string; exists: boolean; privileges: Record<string, boolean>; acl: string | null }[];
  relations: { schema: string; name: string; kind: string; privileges: Record<string, boolean> }[];
  relationCount: number;
  /** "SELECT on public.orders" for each privilege the plan asks for and the group lacks. */
  missing: string[];
}

/** What the group role holds on each schema and relation of the plan, read with has_*_privilege. */
export async function readPrivileges(sql: TargetSql, target: Target, plan: PgPlan): Promise<ObservedPrivileges> {
  const groupExists = Boolean(await findRole(sql, plan.groupRole));
  const observed: ObservedPrivileges = { schemas: [], relations: [], relationCount: 0, missing: [] };
  for (const schema of plan.schemas) {
    const physical = target.schemaName(schema);
    const rows = await sql.query<{ acl: string | null }>("SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = $1", [physical]);
    const exists = rows.length > 0;
    const privileges: Record<string, boolean> = {};
    for (const p of plan.schemaPrivileges) {
      privileges[p] = exists && groupExists ? await hasPrivilege(sql, "schema", plan.groupRole, physical, p) : false;
      if (!privileges[p]) observed.missing.push(`${p} on schema ${schema}`);
    }
    observed.schemas.push({ schema, physical, exists, privileges, acl: rows[0]?.acl ?? null });
  }
  if (!plan.tablePrivileges.length) return observed;
  const relations = plan.relations ?? (await listRelations(sql, target, plan.schemas));
  observed.relationCount = relations.length;
  for (const r of relations) {
    const physical = target.schemaName(r.schema);
    const kind = await relationKind(sql, physical, r.name);
    const privileges: Record<string, boolean> = {};
    for (const p of plan.tablePrivileges) {
      privileges[p] = kind && groupExists ? await hasPrivilege(sql, "table", plan.groupRole, qualified(physical, r.name), p) : false;
      if (!privileges[p]) observed.missing.push(`${p} on ${r.schema}.${r.name}`);
    }
    if (observed.relations.length < MAX_LISTED_RELATIONS) observed.relations.push({ schema: r.schema, name: r.name, kind: kind ?? "missing", privileges });
  }
  return observed;
}

async function hasPrivilege(sql: TargetSql, on: "schema" | "table", role: string, object: string, privilege: string): Promise<boolean> {
  const fn = on === "schema" ? "has_schema_privilege" : "has_table_privilege";
  const rows = await sql.query<{ ok: boolean }>(`SELECT ${fn}($1::text, $2::text, $3::text) AS ok`, [role, object, privilege]);
  return rows[0]?.ok === true;
}

async function listRelations(sql: TargetSql, target: Target, schemas: string[]): Promise<Relation[]> {
  const out: Relation[] = [];
  for (const schema of schemas) {
    const rows = await sql.query<{ name: string; relkind: string }>(
      `SELECT c.relname AS name, c.relkind::text AS relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`,
      [target.schemaName(schema)],
    );
    for (const row of rows) out.push({ schema, name: row.name, kind: row.relkind === "v" || row.relkind === "m" ? "view" : "table" });
  }
  return out;
}

export interface TableGrantRow {
  grantee: string;
  table_schema: string;
  table_name: string;
  privilege_type: string;
}

/** The group's table grants as information_schema reports them (rows the connecting user can see). */
export async function readTableGrants(sql: TargetSql, groupRole: string): Promise<TableGrantRow[]> {
  return sql.query<TableGrantRow>(
    `SELECT grantee::text AS grantee, table_schema::text AS table_schema, table_name::text AS table_name, privilege_type::text AS privilege_type
       FROM information_schema.role_table_grants WHERE grantee = $1
      ORDER BY table_schema, table_name, privilege_type LIMIT 500`,
    [groupRole],
  );
}

export { findRole };
