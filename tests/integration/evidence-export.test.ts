import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPack, exportPackStream, openExport, parsePackRequest, type ExportStreamLine } from "@/server/domain/evidence/exports";
import { generateEvidenceKey } from "@/server/domain/evidence/signing-key";
import { verifyEvidencePack } from "@/server/domain/evidence/verify";
import { seededWorld, type World } from "./requests-world";

const key = generateEvidenceKey();

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function lines(stream: ReadableStream<Uint8Array>): Promise<ExportStreamLine[]> {
  const text = await new Response(stream).text();
  return text.trim().split("\n").map((l) => JSON.parse(l) as ExportStreamLine);
}

describe("evidence pack exports of a period and of a search result", { timeout: 120_000 }, () => {
  let w: World;
  let auditor: { id: string; roles: string[] };
  let other: { id: string; roles: string[] };
  let dir: string;

  beforeAll(async () => {
    w = await seededWorld();
    auditor = { id: (await w.person("audrey.auditor")).id, roles: ["AUDITOR"] };
    other = { id: (await w.person("adam.admin")).id, roles: ["ADMIN"] };
    dir = await mkdtemp(path.join(tmpdir(), "evidence-exports-"));
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await w?.db.drop();
  });

  it("reads a period or a filter from the request body, naming the field a bad one breaks", () => {
    expect(parsePackRequest({ from: "2026-01-01", to: "2026-02-01" })).toEqual({ ok: true, selection: { from: "2026-01-01", to: "2026-02-01" } });
    expect(parsePackRequest({ from: "2026-02-01", to: "2026-01-01" })).toMatchObject({ ok: false, field: "to", message: "to: to must be after from" });
    expect(parsePackRequest({ from: "yesterday", to: "2026-01-01" })).toMatchObject({ ok: false, field: "from" });
    expect(parsePackRequest(null)).toMatchObject({ ok: false });
    expect(parsePackRequest({ filter: { status: ["CLOSED"] } })).toMatchObject({ ok: true, selection: { filter: { status: ["CLOSED"] } } });
    expect(parsePackRequest({ filter: { status: ["NOT_A_STATUS"] } })).toMatchObject({ ok: false, field: "filter.status.0" });
    expect(parsePackRequest({ filter: {}, extra: 1 })).toMatchObject({ ok: false });
  });

  it("exports a period into a pack that verifies, streams progress, and serves it to its exporter only", async () => {
    const rows = await w.prisma.accessRequest.findMany({ select: { createdAt: true }, orderBy: { createdAt: "asc" } });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const from = day(rows[0]!.createdAt);
    const to = day(new Date(rows.at(-1)!.createdAt.getTime() + 86_400_000));
    const out = await lines(exportPackStream(w.prisma, { from, to }, auditor, { dir, key }));
    const progress = out.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toEqual({ type: "progress", done: rows.length, total: rows.length });
    const ready = out.at(-1)!;
    if (ready.type !== "ready") throw new Error(`expected the pack, got ${JSON.stringify(ready)}`);
    expect(ready.pack).toMatchObject({ ticketCount: rows.length, url: `/api/evidence/packs/${ready.pack.id}` });
    expect(ready.pack).not.toHaveProperty("ownerId");

    const found = await openExport(auditor.id, ready.pack.id, { dir });
    const zip = await readAll(found!.stream);
    expect(zip.length).toBe(ready.pack.bytes);
    const verified = await verifyEvidencePack(zip, { publicKeyPem: key.publicKeyPem });
    expect(verified).toMatchObject({ ok: true, problems: [] });
    expect(verified.manifest?.selection).toEqual({ from, to });

    expect(await openExport(other.id, ready.pack.id, { dir })).toBeNull();
    expect(await openExport(auditor.id, "../../etc/passwd", { dir })).toBeNull();
    expect(await openExport(auditor.id, "00000000-0000-4000-8000-000000000000", { dir })).toBeNull();
    expect((await readdir(dir)).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("exports exactly the tickets a search matches and records the filter in the signed manifest", async () => {
    const expected = await w.prisma.accessRequest.count({ where: { status: "CLOSED", kind: "GRANT" } });
    const filter = { status: ["CLOSED" as const], kind: ["GRANT" as const] };
    const pack = await exportPack(w.prisma, { filter }, auditor, { dir, key });
    expect(pack.ticketCount).toBe(expected);
    const verified = await verifyEvidencePack(await readAll((await openExport(auditor.id, pack.id, { dir }))!.stream), { publicKeyPem: key.publicKeyPem });
    expect(verified.ok).toBe(true);
    expect(verified.manifest).toMatchObject({ ticketCount: expected, selection: { filter } });
    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { action: "evidence.exported", data: { path: ["manifestSha256"], equals: pack.manifestSha256 } } });
    expect(event).toMatchObject({ actorId: auditor.id, requestId: null });
  });

  it("refuses an empty selection before writing anything, naming it", async () => {
    const before = await readdir(dir);
    const out = await lines(exportPackStream(w.prisma, { from: "1990-01-01", to: "1990-01-02" }, auditor, { dir, key }));
    expect(out).toEqual([{ type: "error", message: "No ticket matches this selection: there is nothing to export.", field: "selection" }]);
    expect(await readdir(dir)).toEqual(before);
  });

  it("removes packs older than a day when the next one is exported", async () => {
    const stale = path.join(dir, "11111111-1111-4111-8111-111111111111.zip");
    await writeFile(stale, "old");
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);
    await exportPack(w.prisma, { filter: { status: ["DENIED"] } }, auditor, { dir, key });
    expect(await readdir(dir)).not.toContain(path.basename(stale));
  });
});
