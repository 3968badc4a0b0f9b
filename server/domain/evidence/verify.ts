import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { MANIFEST_PATH, PACK_FORMAT, sameKey, SIGNATURE_PATH, signatureMatches, type Manifest } from "./manifest";

export interface PackProblem {
  path: string;
  problem: string;
}

export interface PackVerification {
  ok: boolean;
  manifest: Manifest | null;
  problems: PackProblem[];
  /** What the verifier read, for the report: each entry's digest and size. */
  entries: { path: string; sha256: string; bytes: number }[];
}

interface Entry {
  path: string;
  sha256: string;
  bytes: number;
  content?: Buffer;
}

const KEEP = new Set([MANIFEST_PATH, SIGNATURE_PATH]);

/**
 * Checks an evidence pack offline: the manifest's signature (with the key it names, and that key
 * equals `publicKeyPem` when one is pinned), then every listed file's SHA-256 and size, and files
 * that are missing or present but not listed. Each problem names the path it concerns.
 */
export async function verifyEvidencePack(pack: string | Buffer, options: { publicKeyPem?: string } = {}): Promise<PackVerification> {
  let entries: Entry[];
  try {
    entries = await readEntries(pack);
  } catch (error) {
    return { ok: false, manifest: null, entries: [], problems: [{ path: typeof pack === "string" ? pack : "(pack)", problem: `is not a readable ZIP file: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const problems: PackProblem[] = [];
  const byPath = new Map<string, Entry>();
  for (const e of entries) {
    if (byPath.has(e.path)) problems.push({ path: e.path, problem: "appears more than once in the ZIP" });
    byPath.set(e.path, e);
  }
  const manifestEntry = byPath.get(MANIFEST_PATH);
  const signatureEntry = byPath.get(SIGNATURE_PATH);
  const listing = entries.map(({ path, sha256, bytes }) => ({ path, sha256, bytes }));
  if (!manifestEntry?.content) {
    problems.push({ path: MANIFEST_PATH, problem: "is missing: nothing in the pack can be checked" });
    return { ok: false, manifest: null, entries: listing, problems };
  }
  const manifest = parseManifest(manifestEntry.content);
  if (!manifest) {
    problems.push({ path: MANIFEST_PATH, problem: "is not a manifest of this format (edited or damaged)" });
    return { ok: false, manifest: null, entries: listing, problems };
  }
  if (!signatureEntry?.content) {
    problems.push({ path: SIGNATURE_PATH, problem: "is missing: the manifest is unsigned" });
  } else if (!signatureMatches(manifestEntry.content, signatureEntry.content.toString("utf8"), manifest.publicKey)) {
    problems.push({ path: MANIFEST_PATH, problem: "does not match its signature in manifest.sig: the manifest or the signature was altered" });
  }
  if (options.publicKeyPem && !sameKey(options.publicKeyPem, manifest.publicKey)) {
    problems.push({ path: MANIFEST_PATH, problem: "is signed with a key other than the expected public key" });
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const entry = byPath.get(f.path);
    if (!entry) {
      problems.push({ path: f.path, problem: "is listed in the manifest but missing from the pack" });
      continue;
    }
    if (entry.sha256 !== f.sha256) problems.push({ path: f.path, problem: `was altered: SHA-256 is ${entry.sha256}, the manifest says ${f.sha256}` });
    else if (entry.bytes !== f.bytes) problems.push({ path: f.path, problem: `was altered: ${entry.bytes} bytes, the manifest says ${f.bytes}` });
  }
  for (const e of entries) {
    if (!listed.has(e.path) && !KEEP.has(e.path)) problems.push({ path: e.path, problem: "is in the pack but not listed in the manifest" });
  }
  return { ok: problems.length === 0, manifest, entries: listing, problems };
}

function parseManifest(content: Buffer): Manifest | null {
  try {
    const value = JSON.parse(content.toString("utf8")) as Manifest;
    if (value?.format !== PACK_FORMAT || typeof value.publicKey !== "string" || !Array.isArray(value.files)) return null;
    if (!value.files.every((f) => typeof f?.path === "string" && typeof f.sha256 === "string" && typeof f.bytes === "number")) return null;
    return value;
  } catch {
    return null;
  }
}

function openZip(pack: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile) => (error || !zip ? reject(error ?? new Error("no ZIP")) : resolve(zip));
    if (typeof pack === "string") yauzl.open(pack, { lazyEntries: true, autoClose: true }, done);
    else yauzl.fromBuffer(pack, { lazyEntries: true }, done);
  });
}

/** Reads each entry once, hashing it as it streams; keeps only the manifest and its signature. */
async function readEntries(pack: string | Buffer): Promise<Entry[]> {
  const zip = await openZip(pack);
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith("/")) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`));
        digest(stream, KEEP.has(entry.fileName))
          .then((d) => {
            entries.push({ path: entry.fileName, ...d });
            zip.readEntry();
          })
          .catch(reject);
      });
    });
    zip.readEntry();
  });
  zip.close();
  return entries;
}

async function digest(stream: Readable, keep: boolean): Promise<{ sha256: string; bytes: number; content?: Buffer }> {
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
    if (keep) chunks.push(buffer);
  }
  return { sha256: hash.digest("hex"), bytes, content: keep ? Buffer.concat(chunks) : undefined };
}
