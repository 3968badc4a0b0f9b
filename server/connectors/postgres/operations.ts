import { ConnectorError } from "../types";
import { TargetConflict } from "./errors";
import { qualified, quoteIdent, type MembershipRef } from "./identifiers";
import type { PgPlan } from "./plan";
import { readPrivileges } from "./privileges";
import type { Target, TargetSql } from "./session";

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolcanlogin: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolinherit: boolean;
}

const ROLE_COLUMNS = "rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit";

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
