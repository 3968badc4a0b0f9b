/**
 * Session helpers for server components. Every page checks access itself:
 *
 *   const access = await requireRole("approver", "/approvals");
 *   if (!access.ok) return <Forbidden area={access.area} roles={access.requiredRoles} />;
 *   // access.user is the signed-in, active user, fresh from the database
 *
 * Without a session the helpers redirect to /signin (with callbackUrl when given).
 */
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getPrisma } from "@/server/db/client";
import { findActiveUser, type AccountUser } from "@/server/domain/users/account";
import { authOptions, SIGN_IN_PATH } from "./options";
import { canAccess, rolesFor, type Area, type Role } from "./roles";

export type { AccountUser } from "@/server/domain/users/account";

/** The signed-in user re-read from the database (null without a session or when deactivated). */
export const getSessionUser = cache(async (): Promise<AccountUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  return findActiveUser(await getPrisma(), id);
});

function signInUrl(callbackPath?: string): string {
  return callbackPath ? `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(callbackPath)}` : SIGN_IN_PATH;
}

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(callbackPath?: string): Promise<AccountUser> {
  const user = await getSessionUser();
  if (!user) redirect(signInUrl(callbackPath));
  return user;
}

export type AreaAccess =
  | { ok: true; user: AccountUser }
  | { ok: false; user: AccountUser; area: Area; requiredRoles: readonly Role[] };

/** Signs in first if needed, then says whether the user may enter `area` (fails closed). */
export async function requireRole(area: Area, callbackPath?: string): Promise<AreaAccess> {
  const user = await requireUser(callbackPath);
  if (canAccess(user.roles, area)) return { ok: true, user };
  return { ok: false, user, area, requiredRoles: rolesFor(area) };
}
