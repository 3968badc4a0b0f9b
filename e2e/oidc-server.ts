import { createServer, type Server } from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID Connect provider on loopback for the single sign-on specs. Its developer login
 * page accepts any password; only the accounts below exist, and none is seeded in the portal,
 * so signing in exercises just-in-time provisioning.
 */
export const OIDC_PORT = 3199;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "access-portal-e2e";
export const OIDC_CLIENT_SECRET = "e2e-client-secret-not-used-anywhere-else";

export const SSO_ACCOUNT = { login: "sam.sso@acme.example", name: "Sam Sso", password: "any-password" } as const;

const ACCOUNTS: Record<string, { email: string; name: string }> = {
  [SSO_ACCOUNT.login]: { email: SSO_ACCOUNT.login, name: SSO_ACCOUNT.name },
};

export interface OidcServer {
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcServer(options: { redirectUri: string; port?: number }): Promise<OidcServer> {
  const port = options.port ?? OIDC_PORT;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [options.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
    // The portal reads the profile from the ID token, as many enterprise providers deliver it.
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789abcdef"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: true, name: account.name, preferred_username: id };
        },
      };
    },
    // A first-party client: consent is implied, as it is for a company's own identity provider.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const oidc = ctx.oidc;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });

  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
