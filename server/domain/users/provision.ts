import type { PrismaClient } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";
import { findUserByEmail, type AccountUser } from "./account";

export interface SsoProfile {
  email: string;
  name?: string | null;
  /** The identity provider's subject, kept in the audit record. */
  subject?: string;
  issuer?: string;
}

export type SsoSignInResult =
  | { outcome: "matched"; user: AccountUser }
  | { outcome: "provisioned"; user: AccountUser }
  | { outcome: "inactive" };

/** Department given to people created at first sign-in until an admin places them. */
export const UNASSIGNED_DEPARTMENT = "Unassigned";

/**
 * Resolves a single sign-on login to a portal user: an existing account by email (case-
 * insensitive), or a new REQUESTER with a HUMAN identity created just in time. A deactivated
 * account is refused rather than re-created.
 */
export async function resolveSsoUser(db: PrismaClient, profile: SsoProfile): Promise<SsoSignInResult> {
  const email = profile.email.trim().toLowerCase();
  const existing = await findUserByEmail(db, email);
  if (existing) {
    const { active, ...user } = existing;
    return active ? { outcome: "matched", user } : { outcome: "inactive" };
  }
  try {
    return { outcome: "provisioned", user: await provision(db, { ...profile, email }) };
  } catch (error) {
    // Two first logins of the same person at once: the other one created the account.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const again = await findUserByEmail(db, email);
      if (again?.active) {
        const { active: _active, ...user } = again;
        return { outcome: "matched", user };
      }
      if (again) return { outcome: "inactive" };
    }
    throw error;
  }
}

async function provision(db: PrismaClient, profile: SsoProfile & { email: string }): Promise<AccountUser> {
  const name = profile.name?.trim() || profile.email.split("@")[0] || profile.email;
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: profile.email, name, department: UNASSIGNED_DEPARTMENT, roles: ["REQUESTER"] },
      select: { id: true, email: true, name: true, department: true },
    });
    const identity = await tx.identity.create({
      data: { kind: "HUMAN", name: profile.email, displayName: name, userId: user.id },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actorType: "SYSTEM",
      action: "user.provisioned",
      entityType: "User",
      entityId: user.id,
      data: {
        via: "oidc",
        email: user.email,
        roles: ["REQUESTER"],
        identityId: identity.id,
        issuer: profile.issuer ?? null,
        subject: profile.subject ?? null,
      },
    });
    return { ...user, roles: ["REQUESTER"] };
  }, { maxWait: 10_000, timeout: 15_000 });
}
