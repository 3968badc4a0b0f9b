import type { PrismaClient } from "@/server/db/client";
import { appendAuditEventNow } from "@/server/domain/audit/append";

/**
 * Records a successful sign-in in the audit trail. It runs before the session cookie is issued,
 * so a sign-in that cannot be recorded does not happen.
 */
export async function recordSignIn(db: PrismaClient, userId: string, method: "oidc" | "demo" | string): Promise<void> {
  await appendAuditEventNow(db, {
    actorType: "USER",
    actorId: userId,
    action: "user.signed_in",
    entityType: "User",
    entityId: userId,
    data: { method },
  });
}
