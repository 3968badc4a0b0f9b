import { SCHEMA_PRIVILEGES, TABLE_PRIVILEGES, type PgPlan } from "./plan";
import type { Target, TargetSql } from "./session";

/** At most this many relations are listed in the evidence; counts and `missing` cover all of them. */
const MAX_LISTED_RELATIONS = 100;

export interface ObservedPrivileges {
  schemas: { schema: string; physical: string; exists: boolean; privileges: Record<string, boolean>; acl: string | null }[];
  relations: { schema: string; name: string; kind: string; privileges: Record<string, boolean> }[];
  relationCount: number;
  /** "SELECT on public.orders" for each privilege the plan asks for and the group lacks. */
  missing: string[];
}

/**
 * One has_*_privilege column per privilege. The privilege words come from the fixed lists in
 * plan.ts (checked again here), so writing them into the statement as literals is safe.
 */
function privilegeColumns(fn: "has_schema_privilege" | "has_table_privilege", privileges: readonly string[], allowed: readonly string[]): string {
  return privileges
    .map((p) => {
      if (!allowed.includes(p)) throw new Error(`Unexpected privilege ${p}`);
      return `${fn}($1::text, oid_, '${p}') AS "${p}"`;
    })
    .join(", ");
}

/**
 * What the group role holds on each schema and relation of the plan, as has_schema_privilege and
 * has_table_privilege answer (privileges held through PUBLIC or other memberships count too):
 * one query per schema, whatever the number of tables in it.
 */
export async function readPrivileges(sql: TargetSql, target: Target, plan: PgPlan): Promise<ObservedPrivileges> {
  const [group] = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1", [plan.groupRole]);
  const groupExists = (group?.n ?? 0) > 0;
  const observed: ObservedPrivileges = { schemas: [], relations: [], relationCount: 0, missing: [] };
  const none = (list: readonly string[]) => Object.fromEntries(list.map((p) => [p, false])) as Record<string, boolean>;

  for (const schema of plan.schemas) {
    const physical = target.schemaName(schema);
    const columns = groupExists ? `, ${privilegeColumns("has_schema_privilege", plan.schemaPrivileges, SCHEMA_PRIVILEGES)}` : "";
    const [row] = await sql.query<Record<string, unknown>>(
      `SELECT $1::text AS grantee, acl${columns} FROM (SELECT oid AS oid_, nspacl::text AS acl FROM pg_namespace WHERE nspname = $2) n`,
      [plan.groupRole, physical],
    );
    const privileges = row && groupExists ? Object.fromEntries(plan.schemaPrivileges.map((p) => [p, row[p] === true])) : none(plan.schemaPrivileges);
    for (const p of plan.schemaPrivileges) if (!privileges[p]) observed.missing.push(`${p} on schema ${schema}`);
    observed.schemas.push({ schema, physical, exists: Boolean(row), privileges, acl: (row?.acl as string | null) ?? null });
  }
  if (!plan.tablePrivileges.length) return observed;

  const columns = groupExists ? `, ${privilegeColumns("has_table_privilege", plan.tablePrivileges, TABLE_PRIVILEGES)}` : "";
  for (const schema of plan.schemas) {
    const wanted = plan.relations?.filter((r) => r.schema === schema);
    if (wanted && !wanted.length) continue;
    const params: unknown[] = [plan.groupRole, target.schemaName(schema)];
    const names = wanted ? ` AND c.relname IN (${wanted.map((r) => `$${params.push(r.name)}`).join(", ")})` : "";
    const rows = await sql.query<Record<string, unknown> & { name: string; kind: string }>(
      `SELECT $1::text AS grantee, name, kind${columns} FROM (
         SELECT c.oid AS oid_, c.relname::text AS name, c.relkind::text AS kind
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')${names}) r
        ORDER BY name`,
      params,
    );
    const found = new Map(rows.map((row) => [row.name, row]));
    for (const name of wanted ? wanted.map((r) => r.name) : rows.map((row) => row.name)) {
      const row = found.get(name);
      const privileges = row && groupExists ? Object.fromEntries(plan.tablePrivileges.map((p) => [p, row[p] === true])) : none(plan.tablePrivileges);
      for (const p of plan.tablePrivileges) if (!privileges[p]) observed.missing.push(`${p} on ${schema}.${name}`);
      observed.relationCount++;
      if (observed.relations.length < MAX_LISTED_RELATIONS) observed.relations.push({ schema, name, kind: row?.kind ?? "missing", privileges });
    }
  }
  return observed;
}
