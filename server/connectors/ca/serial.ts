import { createHash, randomBytes } from "node:crypto";

/**
 * A fresh certificate serial: 16 random bytes as lowercase hex, the top bit cleared so the DER
 * INTEGER is positive and the first byte non-zero so the encoding stays 16 bytes (RFC 5280 4.1.2.2).
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString("hex");
}

/** One spelling of a serial for comparisons: lowercase hex without leading zero bytes. */
export function normalizeSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/[^0-9a-f]/g, "");
  const trimmed = hex.replace(/^(00)+/, "");
  return trimmed.length === 0 ? "00" : trimmed.length % 2 ? `0${trimmed}` : trimmed;
}

/** The certificate's SHA-256 fingerprint over its DER encoding, lowercase hex. */
export function fingerprintSha256(der: ArrayBuffer | Uint8Array): string {
  return createHash("sha256").update(der instanceof Uint8Array ? der : new Uint8Array(der)).digest("hex");
}
