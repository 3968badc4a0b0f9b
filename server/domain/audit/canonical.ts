import { createHash } from "node:crypto";

/** prevHash of the first event in the chain. */
export const GENESIS_HASH = "0".repeat(64);

/** Thrown when a value has no canonical encoding (cycles, non-finite numbers, class instances...). */
export class CanonicalEncodingError extends Error {
  override name = "CanonicalEncodingError";

  constructor(
    message: string,
    /** Dotted path to the offending member, "" for the root. */
    readonly path: string,
  ) {
    super(path ? `${message} at ${path}` : message);
  }
}

/**
 * Canonical JSON: object keys sorted at every depth (by UTF-16 code units, the order
 * Array.prototype.sort gives and RFC 8785 uses), no whitespace, strings and numbers exactly as
 * JSON.stringify writes them, BigInt as a decimal string, Date as its ISO string, undefined
 * object members dropped. Anything that would not survive a round trip through a jsonb column
 * unchanged (NaN, Infinity, functions, symbols, Map, class instances, cycles) is refused rather
 * than silently coerced, because a hash over a value that the database stores differently could
 * never be verified again.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, "", new Set());
}

function encode(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalEncodingError(`non-finite number ${value}`, path);
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value.toString(10));
    case "object":
      break;
    default:
      throw new CanonicalEncodingError(`unsupported value of type ${typeof value}`, path);
  }
  if (value === null) return "null";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalEncodingError("invalid Date", path);
    return JSON.stringify(value.toISOString());
  }
  if (ancestors.has(value)) throw new CanonicalEncodingError("circular reference", path);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // An array hole or undefined element has no JSON form that round-trips (stringify turns
      // it into null), so it is refused instead of being rewritten.
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) items.push(encode(value[i], `${path}[${i}]`, ancestors));
      return `[${items.join(",")}]`;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new CanonicalEncodingError(`unsupported object of class ${name}`, path);
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${encode(member, path ? `${path}.${key}` : key, ancestors)}`);
    }
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(value);
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The fields of an event that the hash covers, besides prevHash. */
export interface ChainedFields {
  seq: bigint;
  occurredAt: Date;
  actorType: string;
  actorId: string | null | undefined;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null | undefined;
  data: unknown;
}

/** The exact text that is hashed for an event; exposed so a verifier outside Node can reproduce it. */
export function chainedText(event: ChainedFields, prevHash: string): string {
  // Missing optional ids are hashed as explicit nulls, so "absent" has exactly one encoding.
  return canonicalJson({
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    requestId: event.requestId ?? null,
    data: event.data,
    prevHash,
  });
}

/** SHA-256 (lowercase hex) over the canonical encoding of the chained fields and prevHash. */
export function hashEvent(event: ChainedFields, prevHash: string): string {
  return sha256Hex(chainedText(event, prevHash));
}
