import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import type { Env } from "@/server/env";

export const OIDC_PROVIDER_ID = "oidc";

export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

export function oidcConfigured(env: Env): boolean {
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}

/** A standard OpenID Connect provider, discovered from the issuer's well-known document. */
export function oidcProvider(env: Env): OAuthConfig<OidcClaims> | null {
  if (!oidcConfigured(env)) return null;
  const issuer = env.OIDC_ISSUER!.replace(/\/+$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: env.OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    userinfo: {
      // Strict providers put only `sub` in the ID token of a code flow; the email then comes
      // from the UserInfo endpoint (openid-client checks that its `sub` matches the ID token).
      async request({ tokens, client }) {
        // next-auth hands over openid-client's TokenSet here, though its types say parameters.
        const tokenSet = tokens as unknown as TokenSet;
        const claims = tokenSet.claims() as unknown as OidcClaims;
        if (claims.email) return claims;
        return { ...(await client.userinfo(tokenSet)), ...claims } as OidcClaims;
      },
    },
    profile(claims) {
      return {
        id: claims.sub,
        email: claims.email ?? null,
        name: claims.name ?? claims.preferred_username ?? claims.email ?? null,
      };
    },
  };
}

/**
 * The email an OIDC login may be matched on. An address the provider explicitly marks as
 * unverified is not trusted: anyone could otherwise claim a colleague's account.
 */
export function trustedEmail(claims: Partial<OidcClaims> | undefined): string | null {
  if (!claims?.email || claims.email_verified === false) return null;
  return claims.email.trim().toLowerCase() || null;
}
