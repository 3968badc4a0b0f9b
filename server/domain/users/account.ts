import type { PrismaClient } from "@/server/db/client";
import { safeRoles, type Role } from "@/server/auth/roles";

/** The signed-in person as every request sees them: always read fresh from the database. */
export interface AccountUser {
  id: string;
  email: string;
  name: string;
  department: string;
  roles: Role[];
}

const accountSelect = {
  id: true,
  email: true,
  name: true,
  department: true,
  roles: true,
} as const;

function toAccount(row: { id: string; email: string; name: string; department: string; roles: readonly string[] }): AccountUser {
  return { ...row, roles: safeRoles(row.roles) };
}

/** An active user by id, or null when the user is gone or deactivated. */
export async function findActiveUser(db: PrismaClient, id: string): Promise<AccountUser | null> {
  if (!id) return null;
  const row = await db.user.findFirst({ where: { id, active: true }, select: accountSelect });
  return row ? toAccount(row) : null;
}

/** Looks a user up by email, ignoring case; says whether the account is active. */
export async function findUserByEmail(
  db: PrismaClient,
  email: string,
): Promise<(AccountUser & { active: boolean }) | null> {
  const normalized = email.trim();
  if (!normalized) return null;
  const row = await db.user.findFirst({
    where: { email: { equals: normalized, mode: "insensitive" } },
    select: { ...accountSelect, active: true },
    orderBy: { createdAt: "asc" },
  });
  return row ? { ...toAccount(row), active: row.active } : null;
}
