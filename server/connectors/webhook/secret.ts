import { hkdfSync } from "node:crypto";
import { env, sessionSecret } from "@/server/env";

/**
 * Each webhook system shares its own secret with the portal. It is never stored: it is derived
 * from the portal's server secret (NEXTAUTH_SECRET, or the generated one kept beside the embedded
 * database) and the system's key with HKDF-SHA256, so
 * - the database holds no webhook secret, and a copy of the database reveals none;
 * - one system's secret says nothing about another's, nor about the session-signing key;
 * - changing the server secret rotates every webhook secret at once (the targets must be given
 *   the new values).
 */
const SALT = "access-portal/webhook-signing/v1";

export function deriveWebhookSecret(serverSecret: string, systemKey: string): string {
  if (serverSecret.length === 0) throw new Error("the server secret must not be empty");
  if (systemKey.length === 0) throw new Error("the system key must not be empty");
  return Buffer.from(hkdfSync("sha256", serverSecret, SALT, `system:${systemKey}`, 32)).toString("hex");
}

/** The shared secret of one system, as the portal's configuration gives it. */
export function webhookSecret(systemKey: string): string {
  return deriveWebhookSecret(sessionSecret(env()), systemKey);
}
