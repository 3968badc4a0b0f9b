import pg from "pg";
import type { PrismaClient } from "@/server/db/generated/client";
import { ConnectorError } from "../types";
import { checkIdentifier } from "./identifiers";
import { toConnectorError } from "./errors";

/** Statements on one transaction of the target. */
export interface TargetSql {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Where a grant lands. "external" is a PostgreSQL server named by the system's `url`;
 * "embedded" is the portal's own database (PGlite in the demo), where each target schema
 * `s` of database `d` is the schema `target_d__s`, so several demo databases share one store.
 */
export interface Target {
  kind: "external" | "embedded";
  database: string;
  /** Names the target for people and messages, never with credentials. */
  where: string;
  schemaName(schema: string): string;
  /** Runs fn in one transaction with bounded statement and lock waits. */
  transaction<T>(fn: (sql: TargetSql) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
}

export interface Timeouts {
  connectMs: number;
  statementMs: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, statementMs: 10_000 };

function timeoutsOf(config: Record<string, unknown>): Timeouts {
  const pick = (key: string, fallback: number) => {
    const value = config[key];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 100 || value > 120_000) {
      throw new ConnectorError(`connectorConfig.${key} must be a whole number of milliseconds between 100 and 120000.`, false);
    }
    return value;
  };
  return { connectMs: pick("connectTimeoutMs", DEFAULT_TIMEOUTS.connectMs), statementMs: pick("statementTimeoutMs", DEFAULT_TIMEOUTS.statementMs) };
}

async function bounded(sql: TargetSql, timeouts: Timeouts, readOnly: boolean): Promise<void> {
  // Whole numbers checked above: safe to write into the statement.
  await sql.exec(`SET LOCAL statement_timeout = ${timeouts.statementMs}`);
  // Shorter than the statement timeout, so a wait on another session's change reports as a lock wait.
  await sql.exec(`SET LOCAL lock_timeout = ${Math.min(Math.floor(timeouts.statementMs * 0.8), 5_000)}`);
  if (readOnly) await sql.exec("SET TRANSACTION READ ONLY");
}

export function openTarget(db: PrismaClient, config: Record<string, unknown>, database: string): Target {
  checkIdentifier(database, "database");
  const timeouts = timeoutsOf(config);
  if (config.url !== undefined) return externalTarget(config.url, database, timeouts);
  return embeddedTarget(db, database, timeouts);
}

function externalTarget(rawUrl: unknown, database: string, timeouts: Timeouts): Target {
  let url: URL;
  try {
    if (typeof rawUrl !== "string") throw new Error("not a string");
    url = new URL(rawUrl);
  } catch {
    throw new ConnectorError("connectorConfig.url must be a postgres:// URL.", false);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConnectorError(`connectorConfig.url must be a postgres:// URL, not ${url.protocol}//.`, false);
  }
  // The URL names the server and the login; the database is the one the scope names.
  url.pathname = `/${database}`;
  const where = `${database} at ${url.hostname}:${url.port || "5432"}`;
  return {
    kind: "external",
    database,
    where,
    schemaName: (schema) => schema,
    async transaction(fn, options) {
      const client = new pg.Client({
        connectionString: url.toString(),
        connectionTimeoutMillis: timeouts.connectMs,
        query_timeout: timeouts.statementMs + 2_000,
        application_name: "access-portal-connector",
      });
      // A backend that goes away between queries emits 'error' on the client; the failing
      // query reports it, so the event itself is only absorbed.
      client.on("error", () => undefined);
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw toConnectorError(error, where);
      }
      try {
        await client.query("BEGIN");
        const sql: TargetSql = {
          exec: async (text) => void (await client.query(text)),
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
        };
        await bounded(sql, timeouts, options?.readOnly ?? false);
        const result = await fn(sql);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw toConnectorError(error, where);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

function embeddedTarget(db: PrismaClient, database: string, timeouts: Timeouts): Target {
  const where = `${database} (embedded demo store)`;
  return {
    kind: "embedded",
    database,
    where,
    schemaName: (schema) => checkIdentifier(`target_${database}__${schema}`, "embedded schema name"),
    async transaction(fn, options) {
      try {
        return await db.$transaction(
          async (tx) => {
            const sql: TargetSql = {
              exec: async (text) => void (await tx.$executeRawUnsafe(text)),
              query: async <T>(text: string, params: unknown[] = []) => (await tx.$queryRawUnsafe(text, ...params)) as T[],
            };
            await bounded(sql, timeouts, options?.readOnly ?? false);
            return fn(sql);
          },
          { maxWait: timeouts.connectMs, timeout: timeouts.statementMs * 3 },
        );
      } catch (error) {
        throw toConnectorError(error, where);
      }
    },
  };
}
