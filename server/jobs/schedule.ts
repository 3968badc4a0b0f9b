/** A job the runner enqueues once per period, whichever instance gets there first. */
export interface RecurringJob {
  type: string;
  periodMs: number;
  maxAttempts?: number;
}

/** The start of the period that contains `now`, counted from the Unix epoch. */
export function slotStart(now: Date, periodMs: number): Date {
  return new Date(Math.floor(now.getTime() / periodMs) * periodMs);
}

/**
 * The dedupe key of one period's run, e.g. "sla.sweep@2026-11-29T04:13:00.000Z": every
 * instance computes the same key for the same period, so the unique key lets one of them in.
 */
export function slotKey(type: string, now: Date, periodMs: number): string {
  return `${type}@${slotStart(now, periodMs).toISOString()}`;
}
