import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEvidencePack } from "@/server/domain/evidence/build";
import { manifestBytes, signManifest, type Manifest } from "@/server/domain/evidence/manifest";
import { generateEvidenceKey } from "@/server/domain/evidence/signing-key";
import { mayExportEvidence, ticketPackStream } from "@/server/domain/evidence/ticket-pack";
import { verifyEvidencePack } from "@/server/domain/evidence/verify";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { pdfTextRuns } from "../helpers/pdf-text";
import { seededWorld, type World } from "./requests-world";

const root = path.resolve(import.meta.dirname, "../..");
const key = generateEvidenceKey();

async function buildToBuffer(w: World, selection: Parameters<typeof buildEvidencePack>[1], actorId: string) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const progress: [number, number][] = [];
  const result = await buildEvidencePack(w.prisma, selection, out, { actor: { id: actorId }, key, onProgress: (d, t) => progress.push([d, t]) });
  return { zip: Buffer.concat(chunks), result, progress };
}

async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => (e || !z ? reject(e) : resolve(z))));
  await new Promise<void>((resolve, reject) => {
    archive.on("end", () => resolve());
    archive.on("error", reject);
    archive.on("entry", (entry: yauzl.Entry) =>
      archive.openReadStream(entry, async (error, stream) => {
        if (error || !stream) return reject(error);
        const parts: Buffer[] = [];
        for await (const c of stream) parts.push(c as Buffer);
        files.set(entry.fileName, Buffer.concat(parts));
        archive.readEntry();
      }),
    );
    archive.readEntry();
  });
  return files;
}

async function rezip(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of files) zip.addBuffer(content, name);
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "scripts/evidence-verify.ts", ...args], { cwd: root, timeout: 60_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout }),
    );
  });
}

describe("evidence packs", { timeout: 90_000 }, () => {
  let w: World;
  let auditor: { id: string };
  let closed: { id: string; number: number };
  let pack: Buffer;
  let files: Map<string, Buffer>;
  let dir: string;

  beforeAll(async () => {
    w = await seededWorld();
    auditor = await w.person("audrey.auditor");
    closed = await w.prisma.accessRequest.findFirstOrThrow({ where: { status: "CLOSED", evidence: { some: {} }, decisions: { some: {} } }, orderBy: { number: "asc" }, select: { id: true, number: true } });
    const built = await buildToBuffer(w, { requestIds: [closed.id] }, auditor.id);
    pack = built.zip;
    files = await unzip(pack);
    dir = await mkdtemp(path.join(tmpdir(), "evidence-test-"));
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await w?.db.drop();
  });

  it("packs a closed ticket with its decision, approvals, grants, closure evidence and audit chain", async () => {
    expect([...files.keys()].sort()).toEqual(["events.csv", "manifest.json", "manifest.sig", "report.pdf", "tickets.csv", "tickets.json"]);
    const [ticket] = JSON.parse(files.get("tickets.json")!.toString("utf8")) as Record<string, any>[];
    expect(ticket!.status).toBe("CLOSED");
    expect(ticket!.decision.policyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ticket!.decisions.length).toBeGreaterThan(0);
    expect(ticket!.decisions[0].approver.email).toMatch(/@acme\.example$/);
    expect(ticket!.closureEvidence.length).toBeGreaterThan(0);
    // Every closure read back from a target supports logical access security; the ticket carries the union.
    expect(ticket!.closureEvidence[0].controls).toContain("SOC2:CC6.1");
    expect(ticket!.decisions[0].controls).toEqual(expect.arrayContaining(["SOC2:CC6.2", "SOC2:CC6.3"]));
    expect(ticket!.controls).toEqual(expect.arrayContaining(["SOC2:CC6.1", "SOC2:CC6.2", "NIST-CSF-2.0:GV.RM-01"]));
    expect(ticket!.auditEvents.length).toBeGreaterThan(0);
    const stored = await w.prisma.auditEvent.findMany({ where: { requestId: closed.id, action: { not: "evidence.exported" } }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
    expect(ticket!.auditEvents.map((e: { hash: string }) => e.hash)).toEqual(stored.map((e) => e.hash));
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8")) as Manifest;
    expect(manifest.chain?.first).toEqual({ seq: stored[0]!.seq.toString(), hash: stored[0]!.hash });
    expect(manifest.chain?.last.hash).toBe(stored.at(-1)!.hash);
    expect(manifest.publicKey).toBe(key.publicKeyPem);
    expect(manifest.controls["SOC2:CC6.1"]).toBe(1);
    expect(Object.keys(manifest.controls)).toHaveLength(10);
    const csv = files.get("tickets.csv")!.toString("utf8").trim().split("\r\n");
    expect(csv).toHaveLength(2);
    expect(files.get("events.csv")!.toString("utf8").trim().split("\r\n")).toHaveLength(stored.length + 1);
    expect(files.get("report.pdf")!.subarray(0, 5).toString()).toBe("%PDF-");
    // A one-ticket pack keeps the ticket's own page after its summary row.
    const text = pdfTextRuns(files.get("report.pdf")!);
    expect(text.filter((r) => r.startsWith(`${ticket!.number} `) && r.includes("CLOSED")).length).toBe(2);
    expect(text).toContain(`${ticket!.number}  ${ticket!.kind}${ticket!.exceptionType ? ` (${ticket!.exceptionType})` : ""}  CLOSED`);
    expect(text).toContain("Timeline");
    expect(text.some((r) => r === `hash ${stored.at(-1)!.hash}`)).toBe(true);
    expect(text).toContain("Controls supported");
  });

  it("records the export as an audit event on the ticket", async () => {
    const manifestSha = (await import("node:crypto")).createHash("sha256").update(files.get("manifest.json")!).digest("hex");
    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { action: "evidence.exported", requestId: closed.id } });
    expect(event.actorId).toBe(auditor.id);
    expect(event.data).toMatchObject({ ticketCount: 1, manifestSha256: manifestSha, selection: { requestIds: [closed.id] } });
  });

  it("packs a period page by page, reporting progress, with no request id on the export event", async () => {
    const latest = await w.prisma.accessRequest.findMany({ orderBy: { createdAt: "desc" }, take: 3, select: { createdAt: true } });
    const from = latest.at(-1)!.createdAt.toISOString();
    const to = new Date(latest[0]!.createdAt.getTime() + 1).toISOString();
    const expected = await w.prisma.accessRequest.count({ where: { createdAt: { gte: new Date(from), lt: new Date(to) } } });
    const built = await buildToBuffer(w, { from, to }, auditor.id);
    expect(built.result.ticketCount).toBe(expected);
    expect(built.progress.at(-1)).toEqual([expected, expected]);
    expect(await verifyEvidencePack(built.zip, { publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true, problems: [] });
    const event = await w.prisma.auditEvent.findFirstOrThrow({ where: { action: "evidence.exported", data: { path: ["manifestSha256"], equals: built.result.manifestSha256 } } });
    expect(event.requestId).toBeNull();
  });

  it("verifies the untouched pack, pinned to the portal's key", async () => {
    expect(await verifyEvidencePack(pack, { publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true, problems: [] });
  });

  it("names a changed byte in tickets.csv", async () => {
    const copy = new Map(files);
    const csv = Buffer.from(copy.get("tickets.csv")!);
    csv[csv.length - 3] = csv[csv.length - 3]! ^ 1;
    copy.set("tickets.csv", csv);
    const result = await verifyEvidencePack(await rezip(copy));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ path: "tickets.csv", problem: expect.stringMatching(/^was altered: SHA-256/) }]);
  });

  it("names a removed file and an added one", async () => {
    const copy = new Map(files);
    copy.delete("report.pdf");
    copy.set("extra.txt", Buffer.from("not part of the evidence"));
    const result = await verifyEvidencePack(await rezip(copy));
    expect(result.problems).toEqual([
      { path: "report.pdf", problem: "is listed in the manifest but missing from the pack" },
      { path: "extra.txt", problem: "is in the pack but not listed in the manifest" },
    ]);
  });

  it("names an edited manifest", async () => {
    const copy = new Map(files);
    copy.set("manifest.json", Buffer.from(copy.get("manifest.json")!.toString("utf8").replace(/"ticketCount": 1/, '"ticketCount": 2')));
    const result = await verifyEvidencePack(await rezip(copy));
    expect(result.problems).toEqual([{ path: "manifest.json", problem: expect.stringContaining("does not match its signature") }]);
  });

  it("names a pack re-signed with another key when the portal's key is pinned", async () => {
    const other = generateEvidenceKey();
    const manifest = { ...(JSON.parse(files.get("manifest.json")!.toString("utf8")) as Manifest), publicKey: other.publicKeyPem };
    const bytes = manifestBytes(manifest);
    const copy = new Map(files);
    copy.set("manifest.json", bytes);
    copy.set("manifest.sig", Buffer.from(signManifest(bytes, other.privateKey)));
    const zip = await rezip(copy);
    expect((await verifyEvidencePack(zip)).ok).toBe(true);
    expect((await verifyEvidencePack(zip, { publicKeyPem: key.publicKeyPem })).problems).toEqual([
      { path: "manifest.json", problem: "is signed with a key other than the expected public key" },
    ]);
    // Only the signature swapped: the manifest still names the portal's key.
    const sigOnly = new Map(files);
    sigOnly.set("manifest.sig", Buffer.from(signManifest(files.get("manifest.json")!, other.privateKey)));
    expect((await verifyEvidencePack(await rezip(sigOnly))).problems).toEqual([{ path: "manifest.json", problem: expect.stringContaining("does not match its signature") }]);
  });

  it("streams a one-ticket pack by its number for the download route, and nothing for an unknown number", async () => {
    expect(mayExportEvidence(["AUDITOR"])).toBe(true);
    expect(mayExportEvidence(["ADMIN", "APPROVER"])).toBe(true);
    expect(mayExportEvidence(["REQUESTER", "APPROVER"])).toBe(false);
    expect(await ticketPackStream(w.prisma, "AR-999999", auditor)).toBeNull();
    expect(await ticketPackStream(w.prisma, "not a number", auditor)).toBeNull();
    const pack = await ticketPackStream(w.prisma, formatRequestNumber(closed.number), auditor);
    expect(pack?.filename).toBe(`evidence-${formatRequestNumber(closed.number)}.zip`);
    const zip = Buffer.from(await new Response(pack!.body).arrayBuffer());
    expect(await verifyEvidencePack(zip)).toMatchObject({ ok: true, problems: [] });
  });

  it("npm run evidence:verify exits 0 on the pack and 1 once it is altered", async () => {
    const file = path.join(dir, "pack.zip");
    const keyFile = path.join(dir, "public.pem");
    await writeFile(file, pack);
    await writeFile(keyFile, key.publicKeyPem);
    const good = await runCli([file, "--key", keyFile]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("INTACT");
    const copy = new Map(files);
    copy.set("events.csv", Buffer.concat([copy.get("events.csv")!, Buffer.from("x")]));
    await writeFile(file, await rezip(copy));
    const bad = await runCli([file, "--key", keyFile]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/ALTERED[\s\S]*events\.csv: was altered/);
  });
});
