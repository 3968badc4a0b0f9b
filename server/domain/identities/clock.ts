/** How close an end date is, and whether a credential is due for rotation: pure, for the identity page. */

const DAY_MS = 24 * 3_600_000;

/** An end date within this many days reads as "soon"; a credential this close to its rotation date is "due soon". */
export const SOON_DAYS = 7;

export type ExpiryState = "none" | "ok" | "soon" | "overdue";

/** "overdue" means the end date has passed while the grant still claims access. */
export function expiryState(expiresAt: Date | null, now: Date): ExpiryState {
  if (!expiresAt) return "none";
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return "overdue";
  return left <= SOON_DAYS * DAY_MS ? "soon" : "ok";
}

export type RotationState = "ok" | "due_soon" | "overdue" | "no_period" | "revoked" | "expired";

export interface RotationStatus {
  state: RotationState;
  /** When the credential should be replaced by the identity's rotation period; null without one. */
  dueAt: Date | null;
}

/**
 * A live credential is rotated within `rotationPeriodDays` of its issue. A revoked or expired one
 * no longer needs rotating, whatever its age.
 */
export function rotationStatus(
  credential: { issuedAt: Date; expiresAt: Date | null; revokedAt: Date | null },
  rotationPeriodDays: number | null,
  now: Date,
): RotationStatus {
  const dueAt = rotationPeriodDays && rotationPeriodDays > 0 ? new Date(credential.issuedAt.getTime() + rotationPeriodDays * DAY_MS) : null;
  if (credential.revokedAt && credential.revokedAt.getTime() <= now.getTime()) return { state: "revoked", dueAt };
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) return { state: "expired", dueAt };
  if (!dueAt) return { state: "no_period", dueAt };
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return { state: "overdue", dueAt };
  return { state: left <= SOON_DAYS * DAY_MS ? "due_soon" : "ok", dueAt };
}

/** A scope as "key: value" lines in its own key order, each cut at `max` characters. */
export function scopeLines(scope: unknown, max = 80): string[] {
  if (scope === null || scope === undefined) return [];
  if (typeof scope !== "object" || Array.isArray(scope)) return [clip(valueText(scope), max)];
  return Object.entries(scope as Record<string, unknown>).map(([key, value]) => clip(`${key}: ${valueText(value)}`, max));
}

/** A scope as one short line ("database: orders · role: orders_rw · privileges: SELECT, INSERT"), cut at `max` characters. */
export function scopeSummary(scope: unknown, max = 140): string {
  if (scope === null || scope === undefined) return "whole entitlement";
  if (typeof scope !== "object" || Array.isArray(scope)) return clip(valueText(scope), max);
  const entries = Object.entries(scope as Record<string, unknown>);
  if (entries.length === 0) return "whole entitlement";
  return clip(entries.map(([key, value]) => `${key}: ${valueText(value)}`).join(" · "), max);
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
