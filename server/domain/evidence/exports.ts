import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "@/server/db/generated/client";
import { compactFilter, explorerFilterSchema } from "@/server/domain/explorer/filter";
import { AppError } from "@/server/domain/errors";
import type { Viewer } from "@/server/domain/requests/visibility";
import { env } from "@/server/env";
import { buildEvidencePack } from "./build";
import type { EvidenceSelection } from "./manifest";
import type { EvidenceKey } from "./signing-key";
import { countTickets } from "./tickets";

/** A pack built for one person, kept for them to download until it is a day old. */
export interface PackExport {
  id: string;
  ownerId: string;
  fileName: string;
  createdAt: string;
  ticketCount: number;
  bytes: number;
  manifestSha256: string;
}

/** One line of the export stream (newline-delimited JSON). */
export type ExportStreamLine =
  | { type: "progress"; done: number; total: number }
  | { type: "ready"; pack: Omit<PackExport, "ownerId"> & { url: string } }
  | { type: "error"; message: string; field?: string };

const day = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

const searchRequest = z.strictObject({ filter: explorerFilterSchema });
const periodRequest = z.strictObject({ from: day, to: day }).refine((p) => p.from < p.to, { message: "to must be after from", path: ["to"] });

/** The body of an export request: an explorer filter, or a period of days (`to` excluded). */
export function parsePackRequest(body: unknown): { ok: true; selection: EvidenceSelection } | { ok: false; message: string; field: string } {
  const isSearch = typeof body === "object" && body !== null && "filter" in body;
  const parsed = (isSearch ? searchRequest : periodRequest).safeParse(body);
  if (parsed.success) return { ok: true, selection: "filter" in parsed.data ? { filter: compactFilter(parsed.data.filter) } : parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "selection";
  return { ok: false, field, message: `${field}: ${issue.message}` };
}

const KEEP_MS = 24 * 60 * 60 * 1000;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Packs are written beside the embedded database, like the portal's other files. */
export function exportsDir(): string {
  return path.join(path.dirname(path.resolve(env().PGLITE_DATA_DIR)), "evidence", "exports");
}

interface ExportOptions {
  dir?: string;
  key?: EvidenceKey;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Builds a signed pack of the selection into the exports folder and returns where it is. The
 * file is written under a temporary name and renamed once complete, so a download never sees half
 * a pack. Packs older than a day are removed first.
 */
export async function exportPack(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer, options: ExportOptions = {}): Promise<PackExport> {
  const dir = options.dir ?? exportsDir();
  const now = options.now ?? new Date();
  if ((await countTickets(db, selection, viewer)) === 0) throw new AppError("BAD_REQUEST", "No ticket matches this selection: there is nothing to export.", "selection");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeOld(dir, now);
  const id = randomUUID();
  const partial = path.join(dir, `${id}.zip.part`);
  try {
    const result = await buildEvidencePack(db, selection, createWriteStream(partial, { mode: 0o600 }), { actor: { id: viewer.id }, viewer, key: options.key, now, onProgress: options.onProgress });
    await rename(partial, path.join(dir, `${id}.zip`));
    const pack: PackExport = {
      id,
      ownerId: viewer.id,
      fileName: `evidence-${now.toISOString().slice(0, 10)}-${result.ticketCount}-tickets.zip`,
      createdAt: now.toISOString(),
      ticketCount: result.ticketCount,
      bytes: (await stat(path.join(dir, `${id}.zip`))).size,
      manifestSha256: result.manifestSha256,
    };
    await writeFile(path.join(dir, `${id}.json`), JSON.stringify(pack), { mode: 0o600 });
    return pack;
  } finally {
    await rm(partial, { force: true });
  }
}

/** The pack `id` as a stream, for the person who exported it only; null for anyone else or an unknown id. */
export async function openExport(viewerId: string, id: string, options: { dir?: string } = {}): Promise<{ pack: PackExport; stream: ReadStream } | null> {
  if (!ID.test(id)) return null;
  const dir = options.dir ?? exportsDir();
  const pack = await readFile(path.join(dir, `${id}.json`), "utf8").then((text) => JSON.parse(text) as PackExport, () => null);
  if (!pack || pack.ownerId !== viewerId) return null;
  return { pack, stream: createReadStream(path.join(dir, `${id}.zip`)) };
}

async function removeOld(dir: string, now: Date): Promise<void> {
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now.getTime() - info.mtime.getTime() > KEEP_MS) await rm(file, { force: true });
  }
}

const encoder = new TextEncoder();

/**
 * Exports a pack and streams its progress as newline-delimited JSON: a line per page of tickets,
 * then where to download the finished pack, or the error that stopped it.
 */
export function exportPackStream(db: PrismaClient, selection: EvidenceSelection, viewer: Viewer, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: ExportStreamLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const { ownerId: _owner, ...pack } = await exportPack(db, selection, viewer, { ...options, onProgress: (done, total) => send({ type: "progress", done, total }) });
        send({ type: "ready", pack: { ...pack, url: `/api/evidence/packs/${pack.id}` } });
      } catch (error) {
        if (error instanceof AppError) send({ type: "error", message: error.message, field: error.field });
        else {
          console.error("[evidence] the export failed:", error);
          send({ type: "error", message: "The pack could not be built. The problem was logged." });
        }
      }
      controller.close();
    },
  });
}
