import { ActorType } from "@/server/db/generated/enums";
import { AppError } from "@/server/domain/errors";
import { CanonicalEncodingError, canonicalJson } from "./canonical";

export interface AuditEventInput {
  actorType: ActorType;
  actorId?: string | null;
  /** Lowercase and dotted, subject first: `request.submitted`, `grant.revoked`. */
  action: string;
  entityType: string;
  entityId: string;
  requestId?: string | null;
  data?: Record<string, unknown>;
}

/** The input as it is stored and hashed: data already normalised to its JSON form. */
export type ValidAuditEvent = Required<AuditEventInput>;

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const MAX_NAME = 200;

export function validateAuditEvent(input: AuditEventInput): ValidAuditEvent {
  if (!Object.values(ActorType).includes(input.actorType)) {
    throw bad("actorType", `actorType must be one of ${Object.values(ActorType).join(", ")}`);
  }
  if (typeof input.action !== "string" || !ACTION.test(input.action) || input.action.length > MAX_NAME) {
    throw bad("action", "action must be lowercase and dotted, like request.submitted");
  }
  const entityType = requiredName(input.entityType, "entityType");
  const entityId = requiredName(input.entityId, "entityId");
  const actorId = optionalId(input.actorId, "actorId");
  const requestId = optionalId(input.requestId, "requestId");
  if (input.actorType === ActorType.USER && actorId === null) {
    throw bad("actorId", "actorId is required when actorType is USER");
  }
  return {
    actorType: input.actorType,
    actorId,
    action: input.action,
    entityType,
    entityId,
    requestId,
    data: normaliseData(input.data ?? {}),
  };
}

/**
 * Returns data exactly as a jsonb column will give it back (Dates and BigInts become strings,
 * undefined members disappear), so the hash computed now is the hash a verifier recomputes
 * from the stored row.
 */
function normaliseData(data: unknown): Record<string, unknown> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw bad("data", "data must be a JSON object");
  }
  let text: string;
  try {
    text = canonicalJson(data);
  } catch (error) {
    if (error instanceof CanonicalEncodingError) {
      throw bad("data", `data cannot be stored as JSON: ${error.message}`);
    }
    throw error;
  }
  const normalised = JSON.parse(text) as Record<string, unknown>;
  const path = findUnstorableString(normalised, "");
  if (path !== undefined) {
    // jsonb refuses NUL characters and unpaired surrogates; fail with the field, not a driver error.
    throw bad("data", `data contains a NUL character or an unpaired surrogate at ${path || "the root"}`);
  }
  return normalised;
}

function findUnstorableString(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return storable(value) ? undefined : path;
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableString(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path ? `${path}.${key}` : key;
    if (!storable(key)) return memberPath;
    const found = findUnstorableString(member, memberPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

function requiredName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw bad(field, `${field} must not be empty`);
  if (value.length > MAX_NAME || !storable(value)) {
    throw bad(field, `${field} must be at most ${MAX_NAME} characters of plain text`);
  }
  return value;
}

function optionalId(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  return requiredName(value, field);
}

function bad(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, field);
}
