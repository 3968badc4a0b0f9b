import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature scheme both directions use: HMAC-SHA256 over `${timestamp}.${body}`, sent as
 * lowercase hex, with the timestamp in whole seconds since the epoch. Signing the timestamp
 * with the body stops a captured message from being replayed later with a fresh timestamp.
 */
export const MAX_SKEW_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const UNIX_SECONDS = /^[0-9]{1,12}$/;

export function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/**
 * True when `signature` is the hex HMAC of this timestamp and body. The comparison takes the
 * same time wherever the first differing byte is, so a caller cannot learn the signature byte
 * by byte from response times.
 */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  if (!HEX_SHA256.test(signature)) return false;
  const expected = Buffer.from(sign(secret, timestamp, body), "hex");
  const given = Buffer.from(signature, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type TimestampCheck = { ok: true; at: Date } | { ok: false; reason: string };

/** A timestamp is accepted when it is whole seconds and within MAX_SKEW_SECONDS of now, either way. */
export function checkTimestamp(timestamp: string | null, now: Date, maxSkewSeconds = MAX_SKEW_SECONDS): TimestampCheck {
  if (timestamp === null || timestamp === "") return { ok: false, reason: "is missing" };
  if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: "must be whole seconds since 1970-01-01 UTC" };
  const seconds = Number(timestamp);
  const skew = Math.abs(now.getTime() / 1000 - seconds);
  if (skew > maxSkewSeconds) {
    return { ok: false, reason: `is ${Math.round(skew)} s away from the portal's clock (at most ${maxSkewSeconds} s allowed)` };
  }
  return { ok: true, at: new Date(seconds * 1000) };
}
