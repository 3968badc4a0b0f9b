import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BenchResult, DatabaseResult } from "@/bench/run";
import { writePlans } from "@/bench/run/report";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function run(scale: number, plan: string): BenchResult {
  const database = {
    kind: "postgres",
    version: "PostgreSQL 15",
    generation: { seconds: 1, tickets: scale * 100_000, events: scale * 1_150_000, load: [0, 0, 0] },
    plans: [{ name: "Approver inbox", queries: [{ sql: "SELECT 1", params: [], plan, seqScans: [] }] }],
  } as unknown as DatabaseResult;
  return { scale, date: "2026-11-29T12:00:00.000Z", machine: { cpus: 2, cpuModel: "x", memoryGiB: 1, node: "v20" }, databases: [database] };
}

describe("writePlans", () => {
  it("keeps the plans of a larger organisation when a smaller one is measured, and replaces them at the same or a larger scale", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bench-plans-"));
    dirs.push(dir);
    const file = path.join(dir, "plans.md");
    expect(await writePlans(file, run(1, "Index Scan at scale 1"))).toBe(true);
    expect(await writePlans(file, run(0.1, "Seq Scan at scale 0.1"))).toBe(false);
    const kept = await readFile(file, "utf8");
    expect(kept).toContain("at scale 1 (100,000 tickets");
    expect(kept).toContain("Index Scan at scale 1");
    expect(await writePlans(file, run(1, "Index Only Scan, a later run"))).toBe(true);
    expect(await readFile(file, "utf8")).toContain("Index Only Scan, a later run");
  });

  it("writes nothing for a run without PostgreSQL plans", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bench-plans-"));
    dirs.push(dir);
    const result = run(1, "unused");
    result.databases[0]!.plans = null;
    expect(await writePlans(path.join(dir, "plans.md"), result)).toBe(false);
  });
});
