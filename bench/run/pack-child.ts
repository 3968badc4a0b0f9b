// Builds one evidence pack in a process of its own and prints one JSON line with its seconds and
// the process's peak memory, so the figures are the pack's and not the benchmark's.
//   node --import tsx bench/run/pack-child.ts '<location json>' <tickets> <out file>
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { generateEvidenceKey } from "@/server/domain/evidence/signing-key";
import { buildEvidencePack } from "@/server/domain/evidence/build";
import { openLocation, type DatabaseLocation } from "./databases";

async function main(): Promise<void> {
  const [locationJson, ticketsArg, out] = process.argv.slice(2);
  if (!locationJson || !ticketsArg || !out) throw new Error("usage: pack-child.ts <location json> <tickets> <out file>");
  const db = await openLocation(JSON.parse(locationJson) as DatabaseLocation);
  try {
    // A period selection, as the export form makes: the most recent `tickets` tickets by creation time.
    const [period] = await db.withSession((s) =>
      s.query<{ from: string; to: string }>(
        `SELECT to_json(min("createdAt"))#>>'{}' AS "from", to_json(max("createdAt") + interval '1 millisecond')#>>'{}' AS "to"
         FROM (SELECT "createdAt" FROM "AccessRequest" ORDER BY "createdAt" DESC LIMIT $1) recent`,
        [Number(ticketsArg)],
      ),
    );
    if (!period) throw new Error("the database has no tickets");
    const key = generateEvidenceKey();
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const sampler = setInterval(sample, 20);
    const started = performance.now();
    const result = await buildEvidencePack(db.prisma, { from: period.from, to: period.to }, createWriteStream(out), { actor: null, key });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    sample();
    const bytes = (await stat(out)).size;
    process.stdout.write(
      `${JSON.stringify({
        tickets: result.ticketCount,
        events: result.manifest.chain?.events ?? 0,
        seconds,
        bytes,
        baselineRssMb: baseline.rss / 2 ** 20,
        peakRssMb: peakRss / 2 ** 20,
        // The kernel's high-water mark over the whole process, between samples too.
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        baselineHeapMb: baseline.heapUsed / 2 ** 20,
        peakHeapMb: peakHeap / 2 ** 20,
      })}\n`,
    );
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
