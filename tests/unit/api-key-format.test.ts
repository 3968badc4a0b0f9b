import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiKeyConfig } from "@/server/connectors/api-key/config";
import { DEFAULT_OVERLAP_MINUTES } from "@/server/connectors/overlap";
import { isUsable, observeSecrets } from "@/server/connectors/api-key/observe";
import { DEFAULT_KEY_PREFIX, fingerprintApiKey, generateApiKey, isValidKeyPrefix, keyPrefixFrom } from "@/server/domain/credentials/api-key-format";

describe("API key format", () => {
  it("is <keyPrefix><8 hex>_<32 random bytes in base64url>", () => {
    const key = generateApiKey();
    expect(key.value).toMatch(/^ak_live_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toMatch(/^ak_live_[0-9a-f]{8}$/);
    expect(key.value.startsWith(`${key.prefix}_`)).toBe(true);
    const secret = Buffer.from(key.value.slice(key.prefix.length + 1), "base64url");
    expect(secret).toHaveLength(32);
  });

  it("uses the configured prefix and tells keys apart by their short id", () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey("acme_"));
    expect(keys.every((k) => /^acme_[0-9a-f]{8}_/.test(k.value))).toBe(true);
    expect(new Set(keys.map((k) => k.value)).size).toBe(200);
    expect(new Set(keys.map((k) => k.prefix)).size).toBeGreaterThan(195);
  });

  it("fingerprints the whole key with SHA-256, lowercase hex", () => {
    const key = generateApiKey();
    expect(key.fingerprint).toBe(createHash("sha256").update(key.value, "utf8").digest("hex"));
    expect(fingerprintApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(key.fingerprint).not.toContain(key.value.slice(key.prefix.length + 1));
  });

  it("accepts only simple lowercase prefixes ending in an underscore", () => {
    expect(isValidKeyPrefix("ak_live_")).toBe(true);
    expect(isValidKeyPrefix("acme_")).toBe(true);
    for (const bad of ["", "ak", "AK_", "ak-live_", "_ak_", "a".repeat(20) + "_", "ak_live_x_y_"]) expect(isValidKeyPrefix(bad)).toBe(false);
    expect(() => generateApiKey("Bad Prefix")).toThrow(/keyPrefix/);
    expect(keyPrefixFrom({ keyPrefix: "acme_" })).toBe("acme_");
    expect(keyPrefixFrom({ keyPrefix: "no good" })).toBe(DEFAULT_KEY_PREFIX);
    expect(keyPrefixFrom({})).toBe(DEFAULT_KEY_PREFIX);
  });
});

describe("API-key connector configuration", () => {
  it("defaults the overlap to 60 minutes and refuses a malformed one without retry", () => {
    expect(apiKeyConfig({})).toEqual({ keyPrefix: DEFAULT_KEY_PREFIX, overlapMinutes: DEFAULT_OVERLAP_MINUTES });
    expect(apiKeyConfig({ overlapMinutes: 0, keyPrefix: "acme_" })).toEqual({ keyPrefix: "acme_", overlapMinutes: 0 });
    for (const bad of [-1, 1.5, "60", 1e9]) {
      expect(() => apiKeyConfig({ overlapMinutes: bad })).toThrow(expect.objectContaining({ name: "ConnectorError", retryable: false }));
    }
  });
});

describe("API key observation", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const row = (version: number, patch: Partial<Parameters<typeof isUsable>[0]> = {}) => ({
    id: `s${version}`,
    version,
    prefix: `acme_0000000${version}`,
    fingerprint: `${version}`.repeat(64),
    algorithm: "sha256",
    rotatedFromId: version > 1 ? `s${version - 1}` : null,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    createdAt: now,
    ...patch,
  });

  it("treats expiry and revocation at exactly now as no longer usable", () => {
    expect(isUsable({ expiresAt: now, revokedAt: null }, now)).toBe(false);
    expect(isUsable({ expiresAt: null, revokedAt: now }, now)).toBe(false);
    expect(isUsable({ expiresAt: new Date(now.getTime() + 1), revokedAt: null }, now)).toBe(true);
  });

  it("reports the newest active version and the states of all versions", () => {
    const seen = observeSecrets("g1", "svc-x", [row(1, { expiresAt: new Date(now.getTime() + 60_000) }), row(2)], now);
    expect(seen.present).toBe(true);
    expect(seen.observed.activeVersions).toEqual([1, 2]);
    expect(seen.summary).toBe("API key acme_00000002… version 2 active for svc-x with no expiry, sha256 222222222222… (1 older version still in overlap)");
    const gone = observeSecrets("g1", "svc-x", [row(1, { revokedAt: now }), row(2, { expiresAt: now })], now);
    expect(gone.present).toBe(false);
    expect(gone.summary).toBe("No active API key for svc-x: 2 versions, none active (v1 revoked, v2 expired)");
  });
});
