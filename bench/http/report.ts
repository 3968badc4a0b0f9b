import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { LoadFigures } from "./load";

export interface TargetFigures extends LoadFigures {
  name: string;
  persona: string;
  paths: string[];
  connections: number;
  loadBefore: number[];
  loadAfter: number[];
}

export interface HttpBenchResult {
  key: string;
  date: string;
  machine: string;
  database: string;
  scale: number;
  seed: number;
  rows: Record<string, number>;
  approver: { email: string; openAssignments: number };
  tickets: { reference: string; status: string; events: number }[];
  warmupSeconds: number;
  durationSeconds: number;
  targets: TargetFigures[];
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "-");
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" ");

export function figuresTable(result: HttpBenchResult): string {
  const lines = [
    "| target | as | connections | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors | load avg before | load avg after |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const t of result.targets) {
    lines.push(
      `| ${t.name} | ${t.persona} | ${t.connections} | ${t.requests} | ${t.requestsPerSecond.toFixed(1)} | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.p99)} | ${ms(t.max)} | ${t.non2xx} | ${t.errors} | ${load(t.loadBefore)} | ${load(t.loadAfter)} |`,
    );
  }
  return lines.join("\n");
}

function uniqueByName(targets: TargetFigures[]): TargetFigures[] {
  return targets.filter((t, i) => targets.findIndex((u) => u.name === t.name) === i);
}

export function runSection(result: HttpBenchResult): string {
  const rows = Object.entries(result.rows)
    .map(([table, n]) => `${n.toLocaleString("en-US")} ${table}`)
    .join(", ");
  const paths = uniqueByName(result.targets).map((t) => `- ${t.name}: \`${t.paths.length > 1 ? `${t.paths[0]}\` and ${t.paths.length - 1} more in turn` : `${t.paths[0]}\``}`).join("\n");
  return [
    `<!-- run:${result.key} -->`,
    `## ${result.database}, scale ${result.scale}`,
    "",
    `Measured ${result.date} on ${result.machine}. Organisation generated with seed ${result.seed}: ${rows}.`,
    `Each target: ${result.warmupSeconds} s of warm-up (dropped), then ${result.durationSeconds} s measured, with ${[...new Set(result.targets.map((t) => t.connections))].join(" and ")} connection(s) in turn, against one \`next start\` process with the job runner off.`,
    `Latencies are those of every response of the measured run (p95 computed from all of them). Load averages (1, 5, 15 min) from \`uptime\` just before and after each target.`,
    "",
    figuresTable(result),
    "",
    `The approver is ${result.approver.email}, the generated approver with the most open assignments (${result.approver.openAssignments}); the auditor reads the newest ticket of each status: ${result.tickets.map((t) => `${t.reference} (${t.status}, ${t.events} audit events)`).join(", ")}.`,
    "",
    paths,
    `<!-- /run -->`,
  ].join("\n");
}

const HEADER = `# HTTP figures: the inbox and a ticket page on \`next start\`

Written by \`npm run bench:http\` (bench/http/): the generated organisation in a fresh database,
\`next start\` on 127.0.0.1, a session from the demo sign-in, and autocannon on loopback. A run
fails instead of writing figures when any response is not a 200 or a page is a sign-in or
access-refused page. Runs are held under \`/tmp/bench.lock\` so no other benchmark loads the
machine at the same time.
`;

/** Replaces this run's section (same database and scale) and keeps the others. */
export function writeResults(file: string, result: HttpBenchResult): void {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : HEADER;
  const section = runSection(result);
  const pattern = new RegExp(`<!-- run:${result.key.replace(/[.]/g, "\\.")} -->[\\s\\S]*?<!-- /run -->`);
  const text = pattern.test(previous) ? previous.replace(pattern, section) : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}
