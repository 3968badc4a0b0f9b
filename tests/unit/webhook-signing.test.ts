import { createHmac } from "node:crypto";
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { checkTimestamp, MAX_SKEW_SECONDS, sign, unixSeconds, verifySignature } from "@/server/connectors/webhook/signing";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SECRET = "3f1c0a9e6b2d4c8f0e7a5b3d1c9f8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";
const BODY = JSON.stringify({ orderId: "g-1:grant", action: "grant", scope: { role: "orders_read" } });

describe("webhook signatures", () => {
  it("is HMAC-SHA256 in lowercase hex over `${timestamp}.${body}`", () => {
    const expected = createHmac("sha256", SECRET).update(`1764393600.${BODY}`).digest("hex");
    expect(sign(SECRET, "1764393600", BODY)).toBe(expected);
    expect(sign(SECRET, "1764393600", BODY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts its own signature, in either case of hex", () => {
    const signature = sign(SECRET, "1764393600", BODY);
    expect(verifySignature(SECRET, "1764393600", BODY, signature)).toBe(true);
    expect(verifySignature(SECRET, "1764393600", BODY, signature.toUpperCase())).toBe(true);
  });

  it("refuses a changed body, timestamp, secret or signature", () => {
    const signature = sign(SECRET, "1764393600", BODY);
    expect(verifySignature(SECRET, "1764393600", BODY.replace("orders_read", "orders_write"), signature)).toBe(false);
    expect(verifySignature(SECRET, "1764393601", BODY, signature)).toBe(false);
    expect(verifySignature(`${SECRET}x`, "1764393600", BODY, signature)).toBe(false);
    const flipped = (signature[0] === "a" ? "b" : "a") + signature.slice(1);
    expect(verifySignature(SECRET, "1764393600", BODY, flipped)).toBe(false);
  });

  it("refuses signatures that are not 64 hex digits without comparing", () => {
    const signature = sign(SECRET, "1764393600", BODY);
    for (const bad of ["", signature.slice(0, 63), `${signature}00`, `sha256=${signature}`, signature.replace(/./, "z")]) {
      expect(verifySignature(SECRET, "1764393600", BODY, bad)).toBe(false);
    }
  });

  it("compares with crypto.timingSafeEqual, on equal-length buffers", () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const signature = sign(SECRET, "1764393600", BODY);
    verifySignature(SECRET, "1764393600", BODY, signature);
    verifySignature(SECRET, "1764393600", BODY, "0".repeat(64));
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
  });
});

describe("webhook timestamps", () => {
  const now = new Date("2026-11-29T06:00:00.000Z");

  it("are whole seconds since the epoch", () => {
    expect(unixSeconds(new Date("2026-11-29T06:00:00.999Z"))).toBe(String(now.getTime() / 1000));
  });

  it("are accepted within the allowed skew either way", () => {
    const s = now.getTime() / 1000;
    expect(checkTimestamp(String(s), now)).toEqual({ ok: true, at: now });
    expect(checkTimestamp(String(s - MAX_SKEW_SECONDS), now).ok).toBe(true);
    expect(checkTimestamp(String(s + MAX_SKEW_SECONDS), now).ok).toBe(true);
  });

  it("are refused when stale, from the future, missing or not whole seconds", () => {
    const s = now.getTime() / 1000;
    const stale = checkTimestamp(String(s - MAX_SKEW_SECONDS - 1), now);
    expect(stale).toEqual({ ok: false, reason: expect.stringMatching(/301 s away .*at most 300 s/) });
    expect(checkTimestamp(String(s + MAX_SKEW_SECONDS + 1), now).ok).toBe(false);
    expect(checkTimestamp(null, now)).toEqual({ ok: false, reason: "is missing" });
    for (const bad of ["", "1764393600.5", "-1764393600", "2026-11-29T06:00:00Z", "1e9"]) {
      expect(checkTimestamp(bad, now).ok, bad).toBe(false);
    }
  });
});
