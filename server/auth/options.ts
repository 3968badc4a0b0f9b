/**
 * next-auth configuration. Route handler (app/api/auth/[...nextauth]/route.ts):
 *
 *   import NextAuth from "next-auth";
 *   import { authOptions } from "@/server/auth/options";
 *   const handler = NextAuth(authOptions);
 *   export { handler as GET, handler as POST };
 *
 * `authOptions` resolves the environment lazily (on first use, not at import), so building the
 * app never needs runtime secrets; tests build their own with `createAuthOptions`.
 */
import type { NextAuthOptions, Session } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import { getPrisma, type PrismaClient } from "@/server/db/client";
import { env as processEnv, sessionSecret, type Env } from "@/server/env";
import { findActiveUser, findUserByEmail } from "@/server/domain/users/account";
import { resolveSsoUser } from "@/server/domain/users/provision";
import { recordSignIn } from "@/server/domain/users/sign-in";
import { demoProvider, demoSignInAllowed } from "./demo";
import { OIDC_PROVIDER_ID, oidcProvider, trustedEmail, type OidcClaims } from "./oidc";
import "./types";

export interface AuthDeps {
  env: () => Env;
  db: () => Promise<PrismaClient>;
}

export const SIGN_IN_PATH = "/signin";

export function buildProviders(deps: AuthDeps): Provider[] {
  const providers: Provider[] = [];
  const oidc = oidcProvider(deps.env());
  if (oidc) providers.push(oidc);
  if (demoSignInAllowed(deps.env())) providers.push(demoProvider(deps));
  return providers;
}

export function createAuthOptions(deps: AuthDeps): NextAuthOptions {
  let providers: Provider[] | undefined;
  return {
    get secret() {
      return sessionSecret(deps.env());
    },
    get providers() {
      providers ??= buildProviders(deps);
      return providers;
    },
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const claims = profile as Partial<OidcClaims> | undefined;
        const email = trustedEmail(claims);
        if (!email) return false;
        const result = await resolveSsoUser(await deps.db(), {
          email,
          name: claims?.name ?? claims?.preferred_username ?? null,
          subject: claims?.sub,
          issuer: deps.env().OIDC_ISSUER,
        });
        return result.outcome !== "inactive";
      },
      async jwt({ token, user, account, profile }) {
        if (!user || !account) return token;
        // At sign-in: pin the portal's own user id in the token; everything else is re-read later.
        if (account.provider === OIDC_PROVIDER_ID) {
          const email = trustedEmail(profile as Partial<OidcClaims> | undefined);
          const found = email ? await findUserByEmail(await deps.db(), email) : null;
          token.userId = found?.active ? found.id : undefined;
        } else {
          token.userId = user.id;
        }
        if (token.userId) await recordSignIn(await deps.db(), token.userId, account.provider);
        return token;
      },
      async session({ session, token }) {
        const user = token.userId ? await findActiveUser(await deps.db(), token.userId) : null;
        // An empty body is how next-auth says "no session": a deactivated user is out at once.
        if (!user) return {} as Session;
        return {
          ...session,
          user: { id: user.id, email: user.email, name: user.name, roles: user.roles },
        };
      },
    },
  };
}

export const authOptions: NextAuthOptions = createAuthOptions({ env: processEnv, db: getPrisma });
