import { readFile, writeFile } from "node:fs/promises";
import type { BenchResult, DatabaseResult, Load } from "./index";

const n0 = (n: number) => Math.round(n).toLocaleString("en-US");
const n1 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const loadText = (l: Load) => l.map((x) => x.toFixed(2)).join(" / ");
const NAMES = { pglite: "PGlite", postgres: "PostgreSQL" } as const;

/** One row of the figures table: what was measured, the figure, the issue's target, the load before it. */
interface Figure {
  measure: string;
  figure: string;
  target: string;
  load: Load;
}

function figures(d: DatabaseResult): Figure[] {
  const s = d.submission;
  const rows: Figure[] = [
    {
      measure: `Submission through submitRequest (${s.tickets} tickets, ${s.routedToWorkflow} to a workflow, ${s.autoApproved} auto-approved, ${s.requesters} requesters)`,
      figure: `${n1(s.submitPerSecond)} tickets/s`,
      target: "",
      load: s.load,
    },
    { measure: `Same rows by plain SQL, same transactions (${n1(s.rowsPerTicket)} rows a ticket)`, figure: `${n1(s.rawPerSecond)} tickets/s`, target: "", load: s.load },
    { measure: "Submission / raw limit", figure: `${Math.round(s.ratio * 100)}%`, target: "≥ 30%", load: s.load },
  ];
  for (const c of d.queries.cases) {
    const target = c.name.includes("full text") ? "p95 < 150 ms" : "p95 < 50 ms";
    rows.push({ measure: `${c.name}: ${c.detail}`, figure: `p50 ${n1(c.latency.p50Ms)} ms, p95 ${n1(c.latency.p95Ms)} ms (${c.latency.runs} runs)`, target, load: d.queries.load });
  }
  const v = d.verification;
  rows.push({ measure: `Audit chain verification (${n0(v.events)} events, ${n1(v.seconds)} s)`, figure: `${n0(v.perSecond)} events/s`, target: "≥ 50,000 events/s", load: v.load });
  for (const p of d.packs) {
    rows.push({
      measure: `Evidence pack of ${n0(p.tickets)} tickets (${n0(p.events)} events, ${n1(p.bytes / 2 ** 20)} MiB ZIP), in a process of its own`,
      figure: `${n1(p.seconds)} s; peak RSS ${n0(p.maxRssMb)} MiB (${n0(p.baselineRssMb)} before the pack); peak heap ${n0(p.peakHeapMb)} MiB (${n0(p.baselineHeapMb)} before)`,
      target: p.requested >= 10_000 ? "< 20 s, flat memory" : "",
      load: p.load,
    });
  }
  return rows;
}

function databaseMarkdown(d: DatabaseResult): string {
  const g = d.generation;
  const lines = [
    `### ${NAMES[d.kind]} (${d.version})`,
    "",
    `Generated ${n0(g.tickets)} tickets and ${n0(g.events)} audit events in ${n1(g.seconds)} s (load before: ${loadText(g.load)}).`,
    "",
    "| measure | figure | target (scale 1, PostgreSQL) | load 1/5/15 min before |",
    "|---|---|---|---|",
    ...figures(d).map((f) => `| ${f.measure.replaceAll("|", "\\|")} | ${f.figure} | ${f.target} | ${loadText(f.load)} |`),
    "",
  ];
  return lines.join("\n");
}

export function sectionMarkdown(result: BenchResult): string {
  const m = result.machine;
  return [
    `## Scale ${result.scale}`,
    "",
    `Measured ${result.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node.js ${m.node}${result.now ? `; the organisation dated to ${result.now}` : ""}.`,
    "",
    ...result.databases.map(databaseMarkdown),
  ].join("\n");
}

const HEADER = `# Benchmark figures

Written by \`npm run bench -- --scale <s> --db pglite|postgres|both\` (one section per scale; a new
run replaces the section of its scale). Each database is fresh: PostgreSQL 15 in a throwaway
cluster on loopback (fsync off, as in CI), PGlite in a new temporary folder; the organisation is
generated with \`generateOrganisation\` (seed 1) before anything is measured. Submission files tickets
one at a time through \`submitRequest\` and writes the same rows again by plain SQL in the same
transaction shape (ticket, stages, assignments, notifications, job, chain lock, head read, hashed
audit events), in alternating rounds of 25 so both see the same load: the ratio is what the policy
decision's reads, the domain logic and the ORM cost over the database. Latencies are
p50/p95 of sequential runs after a warm-up. Evidence packs select the period that holds the latest
N tickets (as the export form does) and run in a child process, so the memory figures are the pack's
own (on PGlite the process also holds the embedded database); peak heap is sampled every 20 ms, peak
RSS is the kernel's high-water mark. The load averages show what else ran on the machine. EXPLAIN
plans of the largest PostgreSQL run (its scale is named at the top) are in [plans.md](plans.md); the HTTP
figures (inbox and ticket page on \`next start\`) come from \`npm run bench:http\` and are in
[results-http.md](results-http.md).
`;

/** Writes the run's section into the results file, replacing an earlier section of the same scale. */
export async function writeResults(file: string, result: BenchResult): Promise<void> {
  const existing = await readFile(file, "utf8").catch(() => "");
  const sections = existing
    .split(/^(?=## Scale )/m)
    .filter((s) => s.startsWith("## Scale "))
    .filter((s) => !s.startsWith(`## Scale ${result.scale}\n`));
  sections.push(`${sectionMarkdown(result).trimEnd()}\n\n`);
  const scaleOf = (s: string) => Number(s.slice("## Scale ".length, s.indexOf("\n")));
  sections.sort((a, b) => scaleOf(b) - scaleOf(a));
  await writeFile(file, `${HEADER}\n${sections.join("").trimEnd()}\n`);
}

/** The plans file of a PostgreSQL run. */
/**
 * Writes the EXPLAIN plans of the run's PostgreSQL database, unless the file holds the plans of a
 * larger organisation: those are the ones that show index use at the size the targets are set for.
 * Returns whether the file was written.
 */
export async function writePlans(file: string, result: BenchResult): Promise<boolean> {
  const pg = result.databases.find((d) => d.plans);
  if (!pg?.plans) return false;
  const existing = await readFile(file, "utf8").catch(() => "");
  const kept = Number(/ at scale ([0-9.]+) \(/.exec(existing)?.[1] ?? 0);
  if (kept > result.scale) return false;
  const out = [
    "# Query plans",
    "",
    `\`EXPLAIN (ANALYZE, BUFFERS)\` of the SQL Prisma sends (captured from its query log) for the approver inbox and`,
    `the explorer's searches, on ${pg.version} at scale ${result.scale} (${n0(pg.generation.tickets)} tickets, ${n0(pg.generation.events)} audit events),`,
    `JIT off as the explorer runs them. Written by \`npm run bench\` on ${result.date.slice(0, 10)}.`,
    "",
  ];
  for (const c of pg.plans) {
    out.push(`## ${c.name}`, "");
    const scans = [...new Set(c.queries.flatMap((q) => q.seqScans))];
    out.push(scans.length ? `Sequential scans: ${scans.map((t) => `"${t}"`).join(", ")}.` : "No sequential scan.", "");
    c.queries.forEach((q, i) => {
      out.push(`### Statement ${i + 1}`, "", "```sql", q.sql.trim(), "```", "", `Parameters: \`${JSON.stringify(q.params).slice(0, 600)}\``, "", "```", q.plan, "```", "");
    });
  }
  await writeFile(file, out.join("\n"));
  return true;
}

/** The figures as printed on the console. */
export function consoleTable(result: BenchResult): string {
  return result.databases
    .map((d) => [`${NAMES[d.kind]} ${d.version}, scale ${result.scale}`, ...figures(d).map((f) => `  ${f.measure}\n      ${f.figure}${f.target ? `   [target ${f.target}]` : ""}`)].join("\n"))
    .join("\n\n");
}
