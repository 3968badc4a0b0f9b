import CredentialsProvider from "next-auth/providers/credentials";
import type { PrismaClient } from "@/server/db/client";
import type { Env } from "@/server/env";
import { findUserByEmail } from "@/server/domain/users/account";

/** The persona picker exists in development and test, and in production only when asked for. */
export function demoSignInAllowed(env: Pick<Env, "NODE_ENV" | "PORTAL_DEMO_MODE">): boolean {
  return env.NODE_ENV !== "production" || env.PORTAL_DEMO_MODE === true;
}

/**
 * Signs in as a seeded person by email, without a password. Refused (null) unless demo sign-in
 * is allowed at the moment of the call, and for unknown or deactivated people.
 */
export async function authorizeDemoPersona(
  deps: { env: () => Env; db: () => Promise<PrismaClient> },
  email: unknown,
): Promise<{ id: string; email: string; name: string } | null> {
  if (!demoSignInAllowed(deps.env())) return null;
  if (typeof email !== "string" || !email.trim()) return null;
  const user = await findUserByEmail(await deps.db(), email);
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name };
}

export const DEMO_PROVIDER_ID = "demo";

export function demoProvider(deps: { env: () => Env; db: () => Promise<PrismaClient> }) {
  const provider = CredentialsProvider({
    id: DEMO_PROVIDER_ID,
    name: "Demo persona",
    credentials: { email: { label: "Email", type: "email" } },
    authorize: (credentials) => authorizeDemoPersona(deps, credentials?.email),
  });
  // next-auth merges `options` over the defaults later; say the id up front for anyone listing providers.
  return { ...provider, id: DEMO_PROVIDER_ID, name: "Demo persona" };
}
