import type { SqlSession } from "@/server/db/client";

/** A value as a PostgreSQL literal; the column's type turns the untyped literal into enum, jsonb, timestamptz... */
export type SqlValue = string | number | bigint | boolean | null | Date | SqlJson | SqlArray;

/** Marks a value to be written as a jsonb literal. */
export class SqlJson {
  constructor(readonly value: unknown) {}
}

/** Marks a list of strings to be written as a text or enum array literal. */
export class SqlArray {
  constructor(readonly items: readonly string[]) {}
}

export const json = (value: unknown): SqlJson => new SqlJson(value);
export const array = (items: readonly string[]): SqlArray => new SqlArray(items);

function quote(text: string): string {
  // standard_conforming_strings is on (the default since PostgreSQL 9.1): only quotes need doubling.
  return `'${text.replaceAll("'", "''")}'`;
}

export function literal(value: SqlValue): string {
  if (value === null) return "NULL";
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error(`cannot write the number ${value}`);
      return String(value);
    case "bigint":
      return value.toString(10);
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Date) return quote(value.toISOString());
  if (value instanceof SqlJson) return quote(JSON.stringify(value.value));
  return quote(`{${value.items.map((s) => `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`);
}

/** Rows written and time spent per table, for the progress report. */
export interface TableStats {
  rows: number;
  ms: number;
}

/**
 * Collects rows of one table and turns them into multi-row INSERT statements of at most
 * `rowsPerStatement` rows (or about 2 MB of SQL text), so a batch costs one round trip and one
 * parse instead of one per row. Rows are only written when asked (`statements`), so the caller
 * decides the order of tables and foreign keys always point at rows already written.
 */
export class TableWriter {
  private chunks: string[][] = [[]];
  private bytes = 0;
  readonly stats: TableStats = { rows: 0, ms: 0 };
  private readonly head: string;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    private readonly rowsPerStatement = 2_000,
  ) {
    this.head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES\n`;
  }

  add(row: readonly SqlValue[]): void {
    if (row.length !== this.columns.length) throw new Error(`${this.table}: ${row.length} values for ${this.columns.length} columns`);
    const tuple = `(${row.map(literal).join(",")})`;
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (chunk.length >= this.rowsPerStatement || this.bytes > 2_000_000) {
      chunk = [];
      this.chunks.push(chunk);
      this.bytes = 0;
    }
    chunk.push(tuple);
    this.bytes += tuple.length;
  }

  /** The INSERT statements for the rows collected so far, which it then forgets. */
  take(): string[] {
    const out = this.chunks.filter((c) => c.length > 0).map((c) => this.head + c.join(",\n"));
    for (const c of this.chunks) this.stats.rows += c.length;
    this.chunks = [[]];
    this.bytes = 0;
    return out;
  }
}

/** One INSERT statement and the table whose time it is booked to. */
export interface Statement {
  writer: TableWriter;
  sql: string;
}

/** Takes what the writers collected, in the given order, as statements ready to run. */
export function takeAll(writers: readonly TableWriter[]): Statement[] {
  return writers.flatMap((writer) => writer.take().map((sql) => ({ writer, sql })));
}

/** Runs the statements in one transaction and books each one's time to its table. */
export async function runInTransaction(session: SqlSession, statements: readonly Statement[]): Promise<void> {
  await session.exec("BEGIN");
  try {
    for (const { writer, sql } of statements) {
      const started = performance.now();
      await session.exec(sql);
      writer.stats.ms += performance.now() - started;
    }
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
