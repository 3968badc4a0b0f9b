import { ConnectorError } from "../types";

/** Network failures that say the target is down or unreachable right now. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "EPIPE", "ECONNABORTED"]);

/**
 * SQLSTATEs a retry can cure: connection loss (08), resources (53), operator intervention and
 * cancelled statements such as timeouts (57), serialization and deadlock (40), lock timeouts,
 * and two sessions creating the same role or changing one catalogue row at once (42710, 23505,
 * XX000 "tuple concurrently updated").
 */
function retryableSqlState(code: string): boolean {
  return ["08", "53", "57", "40"].includes(code.slice(0, 2)) || code === "55P03" || code === "42710" || code === "23505";
}

/** Two sessions created the same role or changed one catalogue row at once: the loser's transaction is safe to run again. */
export class TargetConflict extends ConnectorError {
  constructor(message: string) {
    super(message, true);
  }
}

/** The SQLSTATE of a pg error, or of a Prisma raw-query error from a driver adapter. */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  const candidates = [cause?.originalCode, cause?.code, e?.code];
  return candidates.find((c): c is string => typeof c === "string" && /^[0-9A-Z]{5}$/.test(c));
}

function messageOf(error: unknown): string {
  const e = error as { message?: unknown; meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown; message?: unknown } } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  const text = cause?.originalMessage ?? cause?.message ?? e?.message ?? String(error);
  return String(text).split("\n").filter(Boolean).pop() ?? String(text);
}

/**
 * Turns whatever the target or the driver threw into a ConnectorError that says whether a
 * retry can help. `where` names the target without credentials ("orders at 10.0.0.5:5432").
 */
export function toConnectorError(error: unknown, where: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const state = sqlStateOf(error);
  const message = messageOf(error);
  const nodeCode = (error as { code?: unknown })?.code;
  if (typeof nodeCode === "string" && NETWORK_CODES.has(nodeCode)) {
    return new ConnectorError(`PostgreSQL target ${where} is unreachable (${nodeCode}): ${message}`, true);
  }
  if (state) {
    if (state === "42710" || state === "23505" || (state === "XX000" && /concurrently/.test(message))) return new TargetConflict(`PostgreSQL target ${where}: another session created the same role at the same moment (${state}): ${message}`);
    if (state.startsWith("28")) return new ConnectorError(`PostgreSQL target ${where} refused the login (${state}): ${message}`, false);
    if (state === "3D000") return new ConnectorError(`PostgreSQL target ${where}: the database does not exist (${state}): ${message}`, false);
    if (state === "42501") return new ConnectorError(`PostgreSQL target ${where}: the portal's database user lacks a privilege (${state}): ${message}`, false);
    return new ConnectorError(`PostgreSQL target ${where} answered ${state}: ${message}`, retryableSqlState(state));
  }
  if (/timeout|timed out|terminated|closed|ended/i.test(message)) {
    return new ConnectorError(`PostgreSQL target ${where} did not answer in time or dropped the connection: ${message}`, true);
  }
  return new ConnectorError(`PostgreSQL target ${where} failed: ${message}`, true);
}
