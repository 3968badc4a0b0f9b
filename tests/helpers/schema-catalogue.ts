import type { SqlSession } from "@/server/db/client";
import { unquote, type SchemaFacts } from "./schema-compare";

/**
 * Reads the current schema of a database from pg_catalog into the same facts that
 * `expectedSchema` derives from schema.prisma. Prisma's own bookkeeping table is left out.
 */
export async function readDatabaseSchema(session: SqlSession): Promise<SchemaFacts> {
  const facts: SchemaFacts = new Map();
  const add = (key: string, definition: string, table?: string) => facts.set(key, { key, definition, table });

  const enums = await session.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, to_json(array_agg(e.enumlabel::text ORDER BY e.enumsortorder)) AS labels
    FROM pg_type t
    JOIN pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE n.nspname = current_schema()
    GROUP BY t.typname`);
  for (const e of enums) add(`enum ${q(e.name)}`, list(e.labels.map((l) => `'${l}'`)));

  const columns = await session.query<{ table: string; column: string; type: string; notnull: boolean; dflt: string | null }>(`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  for (const c of columns) {
    add(`table ${q(c.table)}`, "table", c.table);
    const definition = `${unquote(c.type)}${c.notnull ? " NOT NULL" : ""}${c.dflt === null ? "" : ` DEFAULT ${unquote(c.dflt)}`}`;
    add(`column ${q(c.table)}.${q(c.column)}`, definition, c.table);
  }

  const indexes = await session.query<{ table: string; name: string; primary: boolean; unique: boolean; method: string; columns: string[]; predicate: string | null }>(`
    SELECT t.relname AS "table", i.relname AS name, x.indisprimary AS "primary", x.indisunique AS "unique",
           am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
           to_json(ARRAY(
             SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.ord::int, true)
                         ELSE '"' || a.attname::text || '"' END
                    || CASE WHEN (x.indoption[(k.ord - 1)::int] & 1) = 1 THEN ' DESC' ELSE '' END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             ORDER BY k.ord)) AS columns
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`);
  for (const i of indexes) {
    const cols = list(i.columns);
    if (i.primary) add(`primary key ${q(i.name)}`, `ON ${q(i.table)} ${cols}`, i.table);
    else {
      const where = i.predicate ? ` WHERE ${i.predicate}` : "";
      add(`index ${q(i.name)}`, `${i.unique ? "UNIQUE " : ""}ON ${q(i.table)} ${cols} USING ${i.method}${where}`, i.table);
    }
  }

  const constraints = await session.query<{ table: string; name: string; type: string; target: string | null; from: string[]; to: string[]; ondelete: string; onupdate: string; def: string }>(`
    SELECT t.relname AS "table", con.conname AS name, con.contype AS type, rt.relname AS target,
           to_json(ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o)) AS "from",
           to_json(ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)) AS "to",
           con.confdeltype AS ondelete, con.confupdtype AS onupdate, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_class rt ON rt.oid = con.confrelid
    WHERE n.nspname = current_schema() AND con.contype IN ('f', 'c', 'x') AND t.relname <> '_prisma_migrations'`);
  for (const c of constraints) {
    if (c.type !== "f") {
      // Prisma declares no CHECK or EXCLUDE constraints, so any found here is drift.
      add(`constraint ${q(c.name)}`, `${q(c.table)} ${c.def}`, c.table);
      continue;
    }
    const refs = `${q(c.table)} ${list(c.from.map(q))} REFERENCES ${q(c.target ?? "?")} ${list(c.to.map(q))}`;
    add(`foreign key ${q(c.name)}`, `${refs} ON DELETE ${ACTIONS[c.ondelete]} ON UPDATE ${ACTIONS[c.onupdate]}`, c.table);
  }
  return facts;
}

const ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
const q = (name: string) => `"${name}"`;
const list = (items: string[]) => `(${items.join(", ")})`;
