import type { getDMMF } from "@prisma/internals";

/**
 * Compares what schema.prisma declares with what a migrated PostgreSQL database holds, as two
 * maps of comparable facts ("column "User"."email"" -> "text NOT NULL"). Triggers, functions
 * and sequences are left out on purpose: Prisma does not model them, so they are never drift.
 */
export type Dmmf = Awaited<ReturnType<typeof getDMMF>>;
type Model = Dmmf["datamodel"]["models"][number];
type Field = Model["fields"][number];

export interface SchemaFact {
  key: string;
  table?: string;
  definition: string;
}
export type SchemaFacts = Map<string, SchemaFact>;

const MAX_IDENTIFIER = 63;
const PRISMA_TYPES: Record<string, string> = {
  String: "text", Int: "integer", BigInt: "bigint", Float: "double precision", Decimal: "numeric(65,30)",
  Boolean: "boolean", DateTime: "timestamp(3) without time zone", Json: "jsonb", Bytes: "bytea",
};
const NATIVE_TYPES: Record<string, (args: readonly string[]) => string> = {
  Text: () => "text", Uuid: () => "uuid", VarChar: (a) => `character varying${params(a)}`, Char: (a) => `character${params(a)}`,
  Integer: () => "integer", SmallInt: () => "smallint", BigInt: () => "bigint", Real: () => "real",
  DoublePrecision: () => "double precision", Decimal: (a) => `numeric${params(a)}`, Boolean: () => "boolean",
  Timestamptz: (a) => `timestamp${params(a)} with time zone`, Timestamp: (a) => `timestamp${params(a)} without time zone`,
  Date: () => "date", JsonB: () => "jsonb", Json: () => "json", ByteA: () => "bytea",
};
const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE", Restrict: "RESTRICT", NoAction: "NO ACTION", SetNull: "SET NULL", SetDefault: "SET DEFAULT",
};
/** Defaults Prisma fills in itself; they never reach the database. */
const CLIENT_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

/**
 * The facts schema.prisma implies for PostgreSQL, named the way Prisma Migrate names them.
 * The DMMF leaves out `Unsupported("...")` fields, so their columns are read from the schema's text.
 */
export function expectedSchema(dmmf: Dmmf, schemaText = ""): SchemaFacts {
  const facts: SchemaFacts = new Map();
  const add = (key: string, definition: string, table?: string) => facts.set(key, { key, definition, table });
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const tableOf = (name: string) => models.get(name)?.dbName ?? name;
  const columnOf = (model: Model, field: string) => model.fields.find((f) => f.name === field)?.dbName ?? field;

  for (const e of dmmf.datamodel.enums) add(`enum ${q(e.dbName ?? e.name)}`, list(e.values.map((v) => `'${v.dbName ?? v.name}'`)));
  for (const model of dmmf.datamodel.models) {
    const table = tableOf(model.name);
    add(`table ${q(table)}`, "table", table);
    for (const field of model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum")) {
      add(`column ${q(table)}.${q(field.dbName ?? field.name)}`, columnDefinition(table, field), table);
    }
    for (const column of unsupportedColumns(schemaText, model.name)) {
      add(`column ${q(table)}.${q(column.name)}`, column.definition, table);
    }
    for (const field of model.fields.filter((f) => f.relationFromFields?.length)) {
      const from = field.relationFromFields!.map((f) => columnOf(model, f));
      const target = models.get(field.type)!;
      const to = field.relationToFields!.map((f) => columnOf(target, f));
      const required = field.relationFromFields!.every((f) => model.fields.find((x) => x.name === f)?.isRequired);
      const onDelete = REFERENTIAL_ACTIONS[field.relationOnDelete ?? (required ? "Restrict" : "SetNull")];
      const onUpdate = REFERENTIAL_ACTIONS[field.relationOnUpdate ?? "Cascade"];
      add(`foreign key ${q(prismaName(table, from, "_fkey"))}`,
        `${q(table)} ${list(from.map(q))} REFERENCES ${q(tableOf(target.name))} ${list(to.map(q))} ON DELETE ${onDelete} ON UPDATE ${onUpdate}`, table);
    }
  }
  for (const index of dmmf.datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = tableOf(model.name);
    const columns = index.fields.map((f) => q(columnOf(model, f.name)) + (f.sortOrder === "desc" ? " DESC" : ""));
    const plain = index.fields.map((f) => columnOf(model, f.name));
    if (index.type === "id") {
      add(`primary key ${q(index.dbName ?? prismaName(table, [], "_pkey"))}`, `ON ${q(table)} ${list(columns)}`, table);
    } else if (index.type === "unique" || index.type === "normal") {
      const unique = index.type === "unique";
      const name = index.dbName ?? prismaName(table, plain, unique ? "_key" : "_idx");
      const method = (index.algorithm ?? "BTree").toLowerCase();
      add(`index ${q(name)}`, `${unique ? "UNIQUE " : ""}ON ${q(table)} ${list(columns)} USING ${method}`, table);
    } else {
      throw new Error(`schema-compare does not know ${index.type} indexes yet (model ${index.model})`);
    }
  }
  return facts;
}

/**
 * The `Unsupported("type")` fields of one model, from schema.prisma's text: a column of that type,
 * nullable when the field is optional, with the `dbgenerated` expression as the default that
 * pg_get_expr prints (for a generated column, its generation expression).
 */
export function unsupportedColumns(schemaText: string, model: string): { name: string; definition: string }[] {
  const body = new RegExp(`^model ${model} \\{\\n([\\s\\S]*?)^\\}`, "m").exec(schemaText)?.[1] ?? "";
  const columns: { name: string; definition: string }[] = [];
  for (const line of body.split("\n")) {
    const field = /^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/.exec(line);
    if (!field) continue;
    const [, name = "", type = "", optional, rest = ""] = field;
    const generated = /@default\(dbgenerated\("((?:[^"\\]|\\.)*)"\)\)/.exec(rest)?.[1]?.replace(/\\(.)/g, "$1");
    const dflt = generated === undefined ? "" : ` DEFAULT ${unquote(generated)}`;
    columns.push({ name, definition: `${type}${optional ? "" : " NOT NULL"}${dflt}` });
  }
  return columns;
}

function columnDefinition(table: string, field: Field): string {
  const type = columnType(field);
  const nullable = !field.isRequired || field.isList; // Prisma never makes list columns NOT NULL
  const dflt = columnDefault(table, field);
  return `${type}${nullable ? "" : " NOT NULL"}${dflt === undefined ? "" : ` DEFAULT ${unquote(dflt)}`}`;
}

function columnType(field: Field): string {
  let base: string | undefined;
  if (field.kind === "enum") base = field.type;
  else if (field.nativeType) base = NATIVE_TYPES[field.nativeType[0]]?.(field.nativeType[1]);
  else base = PRISMA_TYPES[field.type];
  if (!base) throw new Error(`schema-compare has no PostgreSQL type for ${field.name} (${field.type} ${field.nativeType?.[0] ?? ""})`);
  return field.isList ? `${base}[]` : base;
}

/** The default as pg_get_expr prints it, or undefined when Prisma puts none in the database. */
function columnDefault(table: string, field: Field): string | undefined {
  const d = field.default;
  if (d === undefined || field.isUpdatedAt) return undefined;
  if (Array.isArray(d)) return `ARRAY[${d.map((v) => literal(field, v)).join(", ")}]`;
  if (typeof d === "object" && d !== null && "name" in d) {
    if (d.name === "now") return "CURRENT_TIMESTAMP";
    if (d.name === "autoincrement") return `nextval('${q(`${table}_${field.dbName ?? field.name}_seq`)}'::regclass)`;
    if (d.name === "dbgenerated") return String(d.args[0] ?? "");
    if (CLIENT_DEFAULTS.has(d.name)) return undefined;
    throw new Error(`schema-compare does not know the default ${d.name}() on ${field.name}`);
  }
  return literal(field, d as string | number | boolean);
}

function literal(field: Field, value: string | number | boolean): string {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return value < 0 ? `'${value}'::${columnType({ ...field, isList: false })}` : String(value);
  const text = `'${value.replace(/'/g, "''")}'`;
  return `${text}::${columnType({ ...field, isList: false }).replace(/\(.*\)/, "")}`;
}

/** Prisma's default constraint name: table, columns and suffix, cut to PostgreSQL's 63 bytes. */
export function prismaName(table: string, columns: string[], suffix: string): string {
  const base = columns.length ? `${table}_${columns.join("_")}` : table;
  const limit = MAX_IDENTIFIER - suffix.length;
  return (base.length >= limit ? base.slice(0, limit) : base) + suffix;
}

/** format_type and pg_get_expr quote mixed-case names; schema.prisma never does. */
export function unquote(expr: string): string {
  return expr.replace(/"/g, "");
}
const q = (name: string) => `"${name}"`;
const list = (items: string[]) => `(${items.join(", ")})`;
const params = (args: readonly string[]) => (args.length ? `(${args.join(",")})` : "");

/**
 * Readable differences between the two sides, sorted; empty when they agree. Facts of a table
 * that is missing (or unexpected) as a whole are folded into that one line.
 */
export function compareSchemas(expected: SchemaFacts, actual: SchemaFacts): string[] {
  const differences: string[] = [];
  const onlyIn = (side: SchemaFacts, other: SchemaFacts, label: string) => {
    for (const fact of side.values()) {
      if (other.has(fact.key)) continue;
      if (fact.table && !fact.key.startsWith("table ") && !other.has(`table ${q(fact.table)}`)) continue;
      differences.push(`${label} ${fact.key}: ${fact.definition}`);
    }
  };
  onlyIn(expected, actual, "missing in the database:");
  onlyIn(actual, expected, "not in schema.prisma:");
  for (const fact of expected.values()) {
    const found = actual.get(fact.key);
    if (found && found.definition !== fact.definition) {
      differences.push(`different ${fact.key}: schema.prisma says ${fact.definition}; the database has ${found.definition}`);
    }
  }
  return differences.sort();
}
