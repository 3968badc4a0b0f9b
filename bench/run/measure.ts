/** Timing helpers for the benchmark phases. */

export class PhaseTimeout extends Error {}

/** Rejects when `work` has not settled after `ms`; the caller then stops everything it started. */
export async function withTimeout<T>(label: string, ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeout(`${label}: no result after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Latency {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `once` `warmup` times unmeasured, then `runs` times measured one after another. */
export async function latency(runs: number, warmup: number, once: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await once(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { runs, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: samples[samples.length - 1] ?? Number.NaN };
}
