export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** No retry waits longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 30_000, maxMs: 3_600_000 };

/**
 * How long a job waits before its next attempt after `attempts` failed ones: doubling from
 * baseMs (30 s, 1 min, 2 min, …) and capped at maxMs, so a long outage never pushes a retry
 * out by days.
 */
export function backoffDelayMs(attempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^n overflows to Infinity long before it matters; the cap makes that harmless.
  return Math.min(options.maxMs, options.baseMs * 2 ** (n - 1));
}
