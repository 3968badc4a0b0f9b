import { hash } from "node:crypto";

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
  try {
    return encode(value, []);
  } catch (error) {
    if (error instanceof PathError) throw new CanonicalEncodingError(error.message, error.path());
    throw error;
  }
}

/** Carries the failing member's path outwards; paths are only built when something fails. */
class PathError extends Error {
  readonly segments: (string | number)[] = [];

  path(): string {
    return this.segments
      .reverse()
      .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`))
      .join("");
  }
}

function encode(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new PathError(`non-finite number ${value}`);
      return JSON.stringify(value);
    case "bigint":
      return `"${value.toString(10)}"`;
    case "object":
      break;
    default:
      throw new PathError(`unsupported value of type ${typeof value}`);
  }
  if (value === null) return "null";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new PathError("invalid Date");
    return `"${value.toISOString()}"`;
  }
  if (ancestors.includes(value)) throw new PathError("circular reference");
  ancestors.push(value);
  let out: string;
  if (Array.isArray(value)) {
    // An array hole or undefined element has no JSON form that round-trips (stringify turns
    // it into null), so it is refused instead of being rewritten.
    out = "[";
    for (let i = 0; i < value.length; i++) {
      out += (i === 0 ? "" : ",") + member(value[i], i, ancestors);
    }
    out += "]";
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new PathError(`unsupported object of class ${name}`);
    }
    const record = value as Record<string, unknown>;
    out = "{";
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      out += (out.length === 1 ? "" : ",") + JSON.stringify(key) + ":" + member(item, key, ancestors);
    }
    out += "}";
  }
  ancestors.pop();
  return out;
}

function member(value: unknown, segment: string | number, ancestors: object[]): string {
  try {
    return encode(value, ancestors);
  } catch (error) {
    if (error instanceof PathError) error.segments.push(segment);
    throw error;
  }
}

export function sha256Hex(text: string): string {
  // One-shot crypto.hash (UTF-8 for strings) is several times faster than createHash for the
  // short texts of audit events, and the verifier calls it once per event.
  return hash("sha256", text, "hex");
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

/**
 * The exact text that is hashed for an event: canonicalJson of the chained fields, written out
 * by hand in sorted key order because the verifier runs this for every event in the chain.
 * Missing optional ids are hashed as explicit nulls, so "absent" has exactly one encoding.
 */
export function chainedText(event: ChainedFields, prevHash: string): string {
  return (
    `{"action":${JSON.stringify(event.action)}` +
    `,"actorId":${event.actorId == null ? "null" : JSON.stringify(event.actorId)}` +
    `,"actorType":${JSON.stringify(event.actorType)}` +
    `,"data":${canonicalJson(event.data)}` +
    `,"entityId":${JSON.stringify(event.entityId)}` +
    `,"entityType":${JSON.stringify(event.entityType)}` +
    `,"occurredAt":${canonicalJson(event.occurredAt)}` +
    `,"prevHash":${JSON.stringify(prevHash)}` +
    `,"requestId":${event.requestId == null ? "null" : JSON.stringify(event.requestId)}` +
    `,"seq":"${event.seq.toString(10)}"}`
  );
}

/** SHA-256 (lowercase hex) over the canonical encoding of the chained fields and prevHash. */
export function hashEvent(event: ChainedFields, prevHash: string): string {
  return sha256Hex(chainedText(event, prevHash));
}
