import type { ExplorerFilter } from "@/server/domain/explorer/filter";
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

export const PACK_FORMAT = "access-portal-evidence-pack/1";
export const MANIFEST_PATH = "manifest.json";
export const SIGNATURE_PATH = "manifest.sig";

/** Chosen tickets, the tickets created in a period, or the result of an explorer search. */
export type EvidenceSelection = { requestIds: string[] } | { from: string; to: string } | { filter: ExplorerFilter };

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ChainPoint {
  seq: string;
  hash: string;
}

export interface Manifest {
  format: string;
  packId: string;
  createdAt: string;
  selection: EvidenceSelection;
  ticketCount: number;
  files: ManifestFile[];
  publicKey: string;
  /** The first and last audit events the pack includes (null when its tickets have none). */
  chain: { first: ChainPoint; last: ChainPoint; events: number } | null;
  /** How many of the pack's tickets have evidence supporting each control of the catalogue. */
  controls: Record<string, number>;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The manifest as signed: the exact bytes stored in the pack. */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
}

/** Ed25519 signs the message itself: no digest algorithm is named. */
export function signManifest(bytes: Buffer, privateKey: KeyObject): string {
  return sign(null, bytes, privateKey).toString("base64");
}

export function signatureMatches(bytes: Buffer, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== "ed25519") return false;
    return verify(null, bytes, key, Buffer.from(signatureBase64.trim(), "base64"));
  } catch {
    return false;
  }
}

/** Two PEM public keys are the same key when their DER encodings are equal. */
export function sameKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: "spki", format: "der" });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}
