import autocannon from "autocannon";

export interface LoadOptions {
  origin: string;
  cookie: string;
  /** Paths requested in turn by every connection. */
  paths: string[];
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadFigures {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes other than 200 with their counts, e.g. {"307": 12}. */
  otherStatuses: Record<string, number>;
}

function attack(options: LoadOptions, seconds: number, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: seconds,
        timeout: 30,
        headers: { cookie: options.cookie, accept: "text/html,application/json" },
        requests: options.paths.map((path) => ({ method: "GET", path })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on("response", (_client, status, _bytes, ms) => onResponse(status, ms));
  });
}

/** The q-quantile of sorted values, by the nearest-rank rule. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * A warm-up whose figures are dropped, then the measured run. Every response's latency is kept,
 * so p95 is computed exactly rather than read from autocannon's fixed percentiles.
 */
export async function measure(options: LoadOptions): Promise<LoadFigures> {
  if (options.warmupSeconds > 0) await attack(options, options.warmupSeconds);
  const latencies: number[] = [];
  const otherStatuses: Record<string, number> = {};
  const result = await attack(options, options.durationSeconds, (status, ms) => {
    latencies.push(ms);
    if (status !== 200) otherStatuses[String(status)] = (otherStatuses[String(status)] ?? 0) + 1;
  });
  latencies.sort((a, b) => a - b);
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    otherStatuses,
  };
}
