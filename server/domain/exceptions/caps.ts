import type { ExceptionType } from "@/server/db/generated/client";

const HOUR_MS = 3_600_000;

export interface ExceptionTicketTimes {
  exceptionType: ExceptionType | null;
  expiresAt: Date | null;
  vendorWindowStart: Date | null;
  vendorWindowEnd: Date | null;
}

/** The part of a policy's exception type that bounds a grant. */
export interface ExceptionCapDefinition {
  maxTtlHours: number;
}

export interface ExceptionGrantWindow {
  /** The grant may not be made before this time; null: it may be made now. */
  notBefore: Date | null;
  /** When the grant must end; null only for a ticket that is no exception and has no expiry. */
  expiresAt: Date | null;
}

/**
 * When an exception's grant may start and when it must end, enforced at fulfilment whatever was
 * approved: not before the vendor window opens, and ending at the earliest of the ticket's
 * expiry, the end of the vendor window and the exception type's hard cap counted from the grant
 * (now, or the window's start when that is later). A ticket that is no exception keeps its expiry.
 * A window that is already over gives an expiry at or before the grant time; the caller refuses it.
 */
export function exceptionGrantWindow(
  ticket: ExceptionTicketTimes,
  definition: ExceptionCapDefinition | null,
  now: Date,
): ExceptionGrantWindow {
  if (ticket.exceptionType === null) return { notBefore: null, expiresAt: ticket.expiresAt };
  const start = ticket.vendorWindowStart;
  const notBefore = start && start.getTime() > now.getTime() ? start : null;
  const grantAt = notBefore ?? now;
  const ends = [ticket.expiresAt, ticket.vendorWindowEnd, definition ? new Date(grantAt.getTime() + definition.maxTtlHours * HOUR_MS) : null];
  const times = ends.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return { notBefore, expiresAt: times.length > 0 ? new Date(Math.min(...times)) : null };
}
