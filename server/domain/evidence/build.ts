import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform, type Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createHash } from "node:crypto";
import { ZipFile } from "yazl";
import type { PrismaClient } from "@/server/db/generated/client";
import { appendAuditEventNow } from "@/server/domain/audit/append";
import { CONTROLS } from "@/server/domain/controls/catalogue";
import type { Viewer } from "@/server/domain/requests/visibility";
import { csvLine } from "./csv";
import { MANIFEST_PATH, manifestBytes, PACK_FORMAT, sha256Hex, SIGNATURE_PATH, signManifest, type ChainPoint, type EvidenceSelection, type Manifest, type ManifestFile } from "./manifest";
import { ReportPdf } from "./report-pdf";
import { portalEvidenceKey, type EvidenceKey } from "./signing-key";
import { countTickets, ticketPages, type EvidenceTicket } from "./tickets";

export interface EvidencePackOptions {
  /** Who exported the pack, recorded in the export's audit event. */
  actor: { id: string } | null;
  /** Whose visibility a search result is read with; required for a `filter` selection. */
  viewer?: Viewer;
  key?: EvidenceKey;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface EvidencePackResult {
  manifest: Manifest;
  manifestSha256: string;
  ticketCount: number;
}

const TICKET_COLUMNS = ["number", "id", "kind", "exceptionType", "status", "subject", "subjectKind", "requester", "system", "entitlement", "justification", "requestedScope", "approvedScope", "expiresAt", "policyVersion", "policyHash", "rule", "route", "riskTier", "approvers", "grants", "closureEvidence", "controls", "createdAt", "decidedAt", "closedAt"];
const EVENT_COLUMNS = ["ticket", "seq", "occurredAt", "actorType", "actor", "action", "entityType", "entityId", "prevHash", "hash", "data"];

/**
 * Bytes a pack file buffers before a write waits. Large files are written in many small pieces;
 * with Node's 16 KiB default each file waited on the disk every few tickets.
 */
const FILE_BUFFER = 1 << 20;

/** A file of the pack written to a temporary folder while its digest and size are counted. */
class PackFile {
  readonly hash = createHash("sha256");
  bytes = 0;
  readonly stream: WriteStream;
  readonly input: Transform;
  private readonly done: Promise<void>;
  constructor(readonly name: string, dir: string) {
    this.stream = createWriteStream(path.join(dir, name), { highWaterMark: FILE_BUFFER });
    this.input = new Transform({
      highWaterMark: FILE_BUFFER,
      transform: (chunk: Buffer, _enc, callback) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    this.done = pipeline(this.input, this.stream);
  }
  async write(text: string): Promise<void> {
    if (!this.input.write(text)) await new Promise((resolve) => this.input.once("drain", resolve));
  }
  async close(): Promise<ManifestFile> {
    this.input.end();
    await this.done;
    return { path: this.name, sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}

/**
 * Writes a signed evidence pack (ZIP) for the selected tickets to `sink`: tickets.json, tickets.csv,
 * events.csv, report.pdf, manifest.json (SHA-256 and size of each file, the audit chain span
 * covered) and manifest.sig (Ed25519 over the manifest's bytes). Tickets are read a page at a time
 * and each file is streamed to a temporary folder, so memory does not grow with the selection.
 * Once the pack is written, the export is recorded as an `evidence.exported` audit event.
 */
export async function buildEvidencePack(db: PrismaClient, selection: EvidenceSelection, sink: Writable, options: EvidencePackOptions): Promise<EvidencePackResult> {
  const key = options.key ?? portalEvidenceKey();
  const createdAt = (options.now ?? new Date()).toISOString();
  const packId = randomUUID();
  const total = await countTickets(db, selection, options.viewer ?? null);
  const dir = await mkdtemp(path.join(tmpdir(), "evidence-pack-"));
  try {
    const json = new PackFile("tickets.json", dir);
    const tickets = new PackFile("tickets.csv", dir);
    const events = new PackFile("events.csv", dir);
    const pdfFile = new PackFile("report.pdf", dir);
    const report = new ReportPdf(pdfFile.input, "Access evidence pack", [
      `Created ${createdAt}`,
      `Selection: ${describeSelection(selection)}`,
      `Tickets: ${total}`,
      `Pack ${packId}. The manifest lists the SHA-256 of every file and is signed with the portal's Ed25519 key.`,
    ], total);
    await json.write("[\n");
    await tickets.write(csvLine(TICKET_COLUMNS));
    await events.write(csvLine(EVENT_COLUMNS));
    let done = 0;
    let first: ChainPoint | null = null;
    let last: ChainPoint | null = null;
    let eventCount = 0;
    const perControl = new Map<string, number>();
    options.onProgress?.(0, total);
    for await (const page of ticketPages(db, selection, options.viewer ?? null)) {
      for (const t of page) {
        await json.write(`${done === 0 ? "" : ",\n"}${JSON.stringify(t)}`);
        await tickets.write(csvLine(ticketRow(t)));
        for (const e of t.auditEvents) {
          await events.write(csvLine([t.number, e.seq, e.occurredAt, e.actorType, e.actor?.email ?? "", e.action, e.entityType, e.entityId, e.prevHash, e.hash, e.data]));
          if (!first || BigInt(e.seq) < BigInt(first.seq)) first = { seq: e.seq, hash: e.hash };
          if (!last || BigInt(e.seq) > BigInt(last.seq)) last = { seq: e.seq, hash: e.hash };
          eventCount++;
        }
        for (const c of t.controls) perControl.set(c, (perControl.get(c) ?? 0) + 1);
        report.addTicket(t);
        done++;
      }
      options.onProgress?.(done, total);
    }
    await json.write("\n]\n");
    const controls = Object.fromEntries(CONTROLS.map((c) => [c.id, perControl.get(c.id) ?? 0]));
    await report.end(CONTROLS.map((c) => `${c.framework} ${c.ref} (${c.title}): ${controls[c.id]} of ${done} tickets`));
    const files = [await json.close(), await tickets.close(), await events.close(), await pdfFile.close()];
    const manifest: Manifest = {
      format: PACK_FORMAT,
      packId,
      createdAt,
      selection,
      ticketCount: done,
      files,
      publicKey: key.publicKeyPem,
      chain: first && last ? { first, last, events: eventCount } : null,
      controls,
    };
    const bytes = manifestBytes(manifest);
    const zip = new ZipFile();
    const mtime = new Date(createdAt);
    for (const f of files) {
      const size = (await stat(path.join(dir, f.path))).size;
      zip.addReadStream(createReadStream(path.join(dir, f.path)), f.path, { mtime, size });
    }
    zip.addBuffer(bytes, MANIFEST_PATH, { mtime });
    zip.addBuffer(Buffer.from(`${signManifest(bytes, key.privateKey)}\n`), SIGNATURE_PATH, { mtime });
    zip.end();
    zip.outputStream.pipe(sink);
    await finished(sink, { readable: false });
    const manifestSha256 = sha256Hex(bytes);
    const single = "requestIds" in selection && selection.requestIds.length === 1 ? selection.requestIds[0]! : null;
    await appendAuditEventNow(db, {
      actorType: options.actor ? "USER" : "SYSTEM",
      actorId: options.actor?.id ?? null,
      action: "evidence.exported",
      entityType: "EvidencePack",
      entityId: packId,
      requestId: single,
      data: { selection, ticketCount: done, manifestSha256 },
    });
    return { manifest, manifestSha256, ticketCount: done };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function describeSelection(selection: EvidenceSelection): string {
  if ("requestIds" in selection) return `${selection.requestIds.length} ticket(s) chosen`;
  if ("filter" in selection) return `explorer search ${JSON.stringify(selection.filter)}`;
  return `tickets created from ${selection.from} until ${selection.to}`;
}

function ticketRow(t: EvidenceTicket): unknown[] {
  const approvers = t.decisions.map((d) => `${d.outcome} by ${d.approver?.email ?? "?"}${d.onBehalfOf ? ` for ${d.onBehalfOf.email}` : ""}`).join("; ");
  const grants = t.grants.map((g) => `${g.type} ${g.status}`).join("; ");
  const evidence = t.closureEvidence.map((e) => e.kind).join("; ");
  return [t.number, t.id, t.kind, t.exceptionType, t.status, t.subject.name, t.subject.kind, t.requester?.email, t.system?.key, t.entitlement?.key, t.justification, t.scope.requested, t.scope.approved, t.expiresAt, t.decision.policyVersion, t.decision.policyHash, t.decision.rule, t.decision.route, t.decision.riskTier, approvers, grants, evidence, t.controls.join("; "), t.createdAt, t.decidedAt, t.closedAt];
}
