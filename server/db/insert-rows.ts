import { Prisma } from "./generated/client";

type Writer = Pick<Prisma.TransactionClient, "$queryRawUnsafe">;
type Row = Record<string, unknown>;

export interface InsertRowsOptions {
  /** ON CONFLICT DO NOTHING (createMany's skipDuplicates). */
  skipDuplicates?: boolean;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Inserts rows into `table` in one statement whose text depends only on the table and the columns
 * named, with all values in a single JSON parameter: PostgreSQL casts each field to its column's
 * type (jsonb_populate_recordset), and columns not named keep their defaults. Prisma's createMany
 * plans every batch anew (a batch is not in its query-plan cache), which on the busiest write paths
 * (notifications, assignments, jobs, audit events) costs more than the insert itself. The rows must
 * be complete as stored: ids and updatedAt are the caller's, as Prisma fills them client-side.
 * Returns the named columns of the inserted rows (in no particular order).
 */
export async function insertRows<R extends Row = Row>(
  db: Writer,
  table: string,
  rows: readonly Row[],
  options: InsertRowsOptions & { returning?: readonly string[] } = {},
): Promise<R[]> {
  // A column named for one row is NULL in another row that lacks it, not its default: rows with
  // different fields go in one statement per shape.
  const shapes = new Map<string, Row[]>();
  for (const row of rows) {
    const key = Object.keys(row).join(",");
    shapes.set(key, [...(shapes.get(key) ?? []), row]);
  }
  const inserted: R[] = [];
  for (const [key, group] of shapes) inserted.push(...(await insertShape<R>(db, table, key.split(","), group, options)));
  return inserted;
}

async function insertShape<R>(db: Writer, table: string, columns: string[], rows: Row[], options: InsertRowsOptions & { returning?: readonly string[] }): Promise<R[]> {
  for (const name of [table, ...columns, ...(options.returning ?? [])]) {
    if (!IDENTIFIER.test(name)) throw new Error(`insertRows: "${name}" is not a plain identifier`);
  }
  const list = columns.map((c) => `"${c}"`).join(", ");
  const sql =
    `INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)` +
    (options.skipDuplicates ? " ON CONFLICT DO NOTHING" : "") +
    ` RETURNING ${options.returning?.length ? options.returning.map((c) => `"${c}"`).join(", ") : "1 AS inserted"}`;
  return db.$queryRawUnsafe<R[]>(sql, JSON.stringify(rows, jsonValue));
}

/** Dates as ISO instants and bigints as digits, which the columns' types read back exactly. */
function jsonValue(this: unknown, _key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/**
 * Which constraint a failed write broke, for both Prisma's own errors (P2002, P2003) and those of
 * a raw statement (P2010 carrying the driver's error), so callers translate them one way.
 */
export function constraintViolation(error: unknown): { kind: "unique" | "foreignKey"; detail: string } | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const detail = JSON.stringify(error.meta ?? {});
  if (error.code === "P2002") return { kind: "unique", detail };
  if (error.code === "P2003") return { kind: "foreignKey", detail };
  if (error.code !== "P2010") return null;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  if (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505") return { kind: "unique", detail };
  if (cause?.kind === "ForeignKeyConstraintViolation" || cause?.originalCode === "23503") return { kind: "foreignKey", detail };
  return null;
}
