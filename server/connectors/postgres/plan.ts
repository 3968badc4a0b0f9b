import { ConnectorError } from "../types";
import { checkIdentifier, checkRoleName, memberRoleName } from "./identifiers";

/** Privileges PostgreSQL grants on tables and views. */
export const TABLE_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"] as const;
/** Privileges PostgreSQL grants on schemas. */
export const SCHEMA_PRIVILEGES = ["USAGE", "CREATE"] as const;

export type TablePrivilege = (typeof TABLE_PRIVILEGES)[number];
export type SchemaPrivilege = (typeof SCHEMA_PRIVILEGES)[number];

/** Words a catalogue may use that are not privileges a GRANT can give, with the reason. */
const NOT_GRANTABLE: Record<string, string> = {
  ALTER: "ALTER is not a grantable privilege in PostgreSQL: altering an object needs its ownership",
  DROP: "DROP is not a grantable privilege in PostgreSQL: dropping an object needs its ownership",
  REPLICATION: "REPLICATION is a role attribute that only a superuser can set, and membership does not pass it on",
};

export interface Relation {
  /** The schema as the scope names it (before any embedded-store mapping). */
  schema: string;
  name: string;
  kind: "table" | "view";
}

/** What one grant means on the target, checked and normalised from the approved scope. */
export interface PgPlan {
  database: string;
  groupRole: string;
  memberRole: string;
  /** Schemas the group gets USAGE (and schema privileges) on. */
  schemas: string[];
  /** The tables and views named by the scope; null means every relation in the schemas. */
  relations: Relation[] | null;
  tablePrivileges: TablePrivilege[];
  schemaPrivileges: SchemaPrivilege[];
  /** The privileges as the scope listed them, for the evidence. */
  requested: string[];
}

type Json = Record<string, unknown>;

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new ConnectorError(`scope.${field} must be a list of names.`, false);
  }
  return value as string[];
}

/** Splits the requested privileges into table and schema privileges; refuses unknown ones. */
export function parsePrivileges(value: unknown): Pick<PgPlan, "tablePrivileges" | "schemaPrivileges" | "requested"> {
  const requested = stringList(value, "privileges");
  if (!requested?.length) throw new ConnectorError("scope.privileges must list at least one privilege.", false);
  const table = new Set<TablePrivilege>();
  const schema = new Set<SchemaPrivilege>(["USAGE"]);
  for (const raw of requested) {
    const privilege = raw.trim().toUpperCase().replace(/\s+PRIVILEGES$/, "");
    if (privilege === "ALL") {
      TABLE_PRIVILEGES.forEach((p) => table.add(p));
      SCHEMA_PRIVILEGES.forEach((p) => schema.add(p));
    } else if ((TABLE_PRIVILEGES as readonly string[]).includes(privilege)) {
      table.add(privilege as TablePrivilege);
    } else if ((SCHEMA_PRIVILEGES as readonly string[]).includes(privilege)) {
      schema.add(privilege as SchemaPrivilege);
    } else if (NOT_GRANTABLE[privilege]) {
      throw new ConnectorError(`scope.privileges: ${NOT_GRANTABLE[privilege]}.`, false);
    } else {
      throw new ConnectorError(
        `scope.privileges: "${raw}" is not a PostgreSQL privilege (allowed: ALL, ${[...TABLE_PRIVILEGES, ...SCHEMA_PRIVILEGES].join(", ")}).`,
        false,
      );
    }
  }
  return {
    tablePrivileges: TABLE_PRIVILEGES.filter((p) => table.has(p)),
    schemaPrivileges: SCHEMA_PRIVILEGES.filter((p) => schema.has(p)),
    requested,
  };
}

/** "name" resolves in every schema of the scope; "schema.name" names one relation. */
function relationsOf(names: string[], kind: Relation["kind"], schemas: string[], field: string): Relation[] {
  return names.flatMap((entry) => {
    const parts = entry.split(".");
    if (parts.length === 2) return [{ schema: checkIdentifier(parts[0], `scope.${field} schema`), name: checkIdentifier(parts[1], `scope.${field}`), kind }];
    if (parts.length !== 1) throw new ConnectorError(`scope.${field} "${entry}" must be "name" or "schema.name".`, false);
    const name = checkIdentifier(entry, `scope.${field}`);
    return schemas.map((schema) => ({ schema, name, kind }));
  });
}

/**
 * The database is the scope's (or else the system's); schemas default to "public", the schema
 * every PostgreSQL database starts with. Table and view names narrow the grant to those
 * relations; without them, the table privileges cover every table and view in the schemas.
 */
export function planGrant(scope: Json, config: Json, identityName: string): PgPlan {
  const database = checkIdentifier(scope.database ?? config.database, "scope.database");
  const groupRole = checkRoleName(scope.role, "scope.role");
  const memberRole = memberRoleName(identityName);
  if (memberRole === groupRole) throw new ConnectorError(`The identity role ${memberRole} and the group role are the same name.`, false);
  const schemas = (stringList(scope.schemas, "schemas") ?? ["public"]).map((s) => checkIdentifier(s, "scope.schemas"));
  if (!schemas.length) throw new ConnectorError("scope.schemas must not be empty when given.", false);
  const tables = stringList(scope.tables, "tables") ?? [];
  const views = stringList(scope.views, "views") ?? [];
  const listed = [...relationsOf(tables, "table", schemas, "tables"), ...relationsOf(views, "view", schemas, "views")];
  const relations = listed.length ? dedupe(listed) : null;
  const allSchemas = [...new Set([...schemas, ...(relations ?? []).map((r) => r.schema)])];
  return { database, groupRole, memberRole, schemas: allSchemas, relations, ...parsePrivileges(scope.privileges) };
}

function dedupe(relations: Relation[]): Relation[] {
  const seen = new Map<string, Relation>();
  for (const r of relations) seen.set(`${r.schema}.${r.name}`, seen.get(`${r.schema}.${r.name}`) ?? r);
  return [...seen.values()];
}
