import type { PrismaClient } from "@/server/db/generated/client";
import { fingerprintApiKey, MAX_PRESENTED_KEY_LENGTH } from "./api-key-format";

export type ApiKeyCheckReason = "unknown" | "revoked" | "expired" | "ok";

export interface ApiKeyCheck {
  valid: boolean;
  reason: ApiKeyCheckReason;
  identity?: { id: string; name: string; kind: "HUMAN" | "NHI" };
  secretId?: string;
  version?: number;
}

/**
 * Is this presented API key usable at `now`? The key is only ever hashed: the lookup is by its
 * SHA-256 fingerprint (unique), so no comparison runs on the key itself and nothing about its
 * characters shows in the timing. A key whose Grant row is REVOKED or FAILED is refused as revoked
 * even if the connector's revocation of the Secret row has not run (yet): a grant that claims no
 * access lends none. Success records `lastUsedAt`.
 */
export async function checkApiKey(db: PrismaClient, presentedKey: string, now: Date): Promise<ApiKeyCheck> {
  if (presentedKey.length === 0 || presentedKey.length > MAX_PRESENTED_KEY_LENGTH) return { valid: false, reason: "unknown" };
  const secret = await db.secret.findUnique({
    where: { fingerprint: fingerprintApiKey(presentedKey) },
    select: {
      id: true,
      version: true,
      expiresAt: true,
      revokedAt: true,
      grant: { select: { status: true } },
      identity: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!secret) return { valid: false, reason: "unknown" };
  const refused = { valid: false, secretId: secret.id, version: secret.version } as const;
  if ((secret.revokedAt && secret.revokedAt <= now) || secret.grant.status === "REVOKED" || secret.grant.status === "FAILED") return { ...refused, reason: "revoked" };
  if (secret.expiresAt && secret.expiresAt <= now) return { ...refused, reason: "expired" };
  // Never moves lastUsedAt backwards (a check with an older clock, or two checks racing).
  await db.secret.updateMany({ where: { id: secret.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: now } }] }, data: { lastUsedAt: now } });
  return { valid: true, reason: "ok", identity: secret.identity, secretId: secret.id, version: secret.version };
}
