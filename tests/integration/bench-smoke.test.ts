import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBench } from "@/bench/run";
import { writeResults } from "@/bench/run/report";

// A smoke run of `npm run bench`: every phase at a tiny scale on PGlite, each producing a figure.
// The full benchmark never runs in the test suite.
describe("npm run bench at a tiny scale", () => {
  it("measures submission, queries, chain verification and packs, and writes the results file", async () => {
    const result = await runBench({ scale: 0.002, databases: ["pglite"], port: 1, tickets: 10, runs: 3, warmup: 1, packSizes: [20, 40], phaseTimeoutMs: 60_000 });
    const [d] = result.databases;
    expect(d?.kind).toBe("pglite");
    const positive = (n: number | undefined) => expect(Number.isFinite(n) && (n ?? 0) > 0, String(n)).toBe(true);
    positive(d!.generation.tickets);
    positive(d!.submission.submitPerSecond);
    positive(d!.submission.rawPerSecond);
    positive(d!.submission.ratio);
    expect(d!.submission.tickets).toBe(10);
    expect(d!.queries.cases.map((c) => c.name)).toHaveLength(4);
    for (const c of d!.queries.cases) {
      positive(c.latency.p50Ms);
      positive(c.latency.p95Ms);
    }
    // The raw inserts appended to the chain too: verification walks them and finds it intact.
    expect(d!.verification.events).toBeGreaterThan(d!.generation.events);
    positive(d!.verification.perSecond);
    expect(d!.packs.map((p) => p.tickets)).toEqual([20, 40]);
    for (const p of d!.packs) {
      positive(p.seconds);
      positive(p.maxRssMb);
      positive(p.peakHeapMb);
    }
    expect(d!.plans).toBeNull();

    const dir = await mkdtemp(path.join(tmpdir(), "bench-results-"));
    try {
      const file = path.join(dir, "results.md");
      await writeResults(file, result);
      await writeResults(file, result);
      const text = await readFile(file, "utf8");
      expect(text.match(/^## Scale 0\.002$/gm)).toHaveLength(1);
      expect(text).toContain("Submission / raw limit");
      expect(text).toContain("Evidence pack of 40 tickets");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
