import { hash, randomBytes } from "node:crypto";

/**
 * API keys for non-human identities: `<keyPrefix><shortId>_<secret>`, e.g.
 * `ak_live_3f9a1c2d_Vt0…` (the secret is 32 random bytes in base64url, 43 characters).
 * The leading `<keyPrefix><shortId>` is not secret: it is stored so people can tell keys apart.
 * Only the SHA-256 fingerprint of the whole key is stored; the key itself is shown once.
 */
export const DEFAULT_KEY_PREFIX = "ak_live_";
export const SECRET_BYTES = 32;
/** Longer input is refused before hashing: no issued key comes near it. */
export const MAX_PRESENTED_KEY_LENGTH = 256;

const KEY_PREFIX_RULE = /^[a-z][a-z0-9]{0,15}_(?:[a-z0-9]{1,15}_)?$/;

export interface IssuedApiKey {
  value: string;
  /** The non-secret leading part: key prefix and short id. */
  prefix: string;
  /** SHA-256 of the whole key, lowercase hex. */
  fingerprint: string;
}

/** The configured key prefix (`connectorConfig.keyPrefix`), or `ak_live_` when none or malformed. */
export function keyPrefixFrom(config: Record<string, unknown>): string {
  const configured = config.keyPrefix;
  return typeof configured === "string" && KEY_PREFIX_RULE.test(configured) ? configured : DEFAULT_KEY_PREFIX;
}

export function isValidKeyPrefix(keyPrefix: string): boolean {
  return KEY_PREFIX_RULE.test(keyPrefix);
}

export function generateApiKey(keyPrefix: string = DEFAULT_KEY_PREFIX): IssuedApiKey {
  if (!KEY_PREFIX_RULE.test(keyPrefix)) {
    throw new Error(`keyPrefix "${keyPrefix}" must be lowercase letters and digits ending in "_" (e.g. "ak_live_")`);
  }
  const prefix = `${keyPrefix}${randomBytes(4).toString("hex")}`;
  const value = `${prefix}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { value, prefix, fingerprint: fingerprintApiKey(value) };
}

export function fingerprintApiKey(key: string): string {
  return hash("sha256", key, "hex");
}
