import { accessPart, diffScope, narrowableFields, withValues, type NarrowableField, type ScopeDiffEntry } from "@/server/domain/approvals/scope-diff";
import { formatValue, pathLabel } from "./types";

export type Outcome = "APPROVE" | "DENY" | "REQUEST_INFO";

/** Kinds whose scope an approver may narrow (the decision refuses it for the others). */
const SCOPED_KINDS = new Set(["GRANT", "MODIFY", "EXCEPTION"]);

export const COMMENT_MAX = 2000;

export interface DecisionDraft {
  outcome: Outcome;
  comment: string;
  narrow: ReadonlyMap<string, unknown>;
  /** datetime-local, read as UTC; "" keeps the ticket's expiry. */
  expiry: string;
}

/** What the approver may narrow on this ticket: the scope as the last approver let it through. */
export function narrowingBase(ticket: { kind: string; scope: unknown; approvedScope: unknown }): { base: unknown; fields: NarrowableField[] } {
  const base = ticket.approvedScope ?? ticket.scope;
  return { base, fields: SCOPED_KINDS.has(ticket.kind) ? narrowableFields(base) : [] };
}

export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The current expiry as the latest value a datetime-local (minutes, UTC) may hold. */
export function maxLocal(expiresAt: Date | null): string | undefined {
  return expiresAt ? new Date(expiresAt).toISOString().slice(0, 16) : undefined;
}

/** The narrowed scope to send, or undefined when nothing was taken away. */
export function narrowedScope(base: unknown, narrow: ReadonlyMap<string, unknown>): { scope: Record<string, unknown> | undefined; changes: ScopeDiffEntry[] } {
  if (narrow.size === 0) return { scope: undefined, changes: [] };
  const scope = withValues(base, narrow);
  const changes = diffScope(accessPart(base), accessPart(scope));
  return { scope: changes.length ? scope : undefined, changes };
}

export function describeChanges(changes: readonly ScopeDiffEntry[]): string[] {
  const removed = new Map<string, string[]>();
  const lines: string[] = [];
  for (const c of changes) {
    if (c.kind === "element-removed") removed.set(c.path, [...(removed.get(c.path) ?? []), formatValue(c.element)]);
    else if (c.kind === "changed") lines.push(`${pathLabel(c.path)}: ${formatValue(c.before)} → ${formatValue(c.after)}`);
  }
  return [...[...removed].map(([path, gone]) => `${pathLabel(path)} without ${gone.join(", ")}`), ...lines];
}

/**
 * The checks the decision makes on the server, made here first so the approver sees them at once:
 * a reason for a denial, a question for an information request, a comment within its length, a
 * lower number for each limit, and an expiry in the future and not after the current one.
 */
export function validateDraft(d: DecisionDraft, fields: readonly NarrowableField[], currentExpiry: Date | null, now: Date = new Date()): Record<string, string> {
  const errors: Record<string, string> = {};
  const comment = d.comment.trim();
  if (d.outcome === "DENY" && !comment) errors.comment = "Say why you deny the request.";
  if (d.outcome === "REQUEST_INFO" && !comment) errors.comment = "Write the question the requester should answer.";
  if (comment.length > COMMENT_MAX) errors.comment = `The comment must be at most ${COMMENT_MAX.toLocaleString("en-GB")} characters.`;
  if (d.outcome !== "APPROVE") return errors;
  for (const field of fields) {
    const value = d.narrow.get(field.path.join("."));
    if (field.kind !== "number" || value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) errors.scope = `Scope ${pathLabel(field.path)} must be a number.`;
    else if (value > field.max) errors.scope = `Scope ${pathLabel(field.path)} may not rise above ${formatValue(field.max)}; an approver may narrow the scope, never widen it.`;
  }
  if (d.expiry) {
    const iso = localToIso(d.expiry);
    if (!iso) errors.expiresAt = "Enter a date and time.";
    else if (new Date(iso) <= now) errors.expiresAt = "The new expiry must be in the future.";
    else if (currentExpiry && new Date(iso) > new Date(currentExpiry)) {
      errors.expiresAt = `The expiry may only be shortened: it must be on or before ${new Date(currentExpiry).toISOString()}.`;
    }
  }
  return errors;
}
