import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name: string;
}

export interface OidcTestServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who "types their password" at the next login prompt. */
  loginAs(accountId: string): void;
  close(): Promise<void>;
}

/**
 * A certified OpenID Provider (oidc-provider) on 127.0.0.1 with a random port. Its login and
 * consent screens are replaced by one step that signs in the account chosen with `loginAs` and
 * grants the scopes asked for, the way a person would by filling in the provider's forms.
 */
export async function startOidcTestServer(options: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<OidcTestServer> {
  const clientId = "portal-test";
  const clientSecret = "portal-test-secret-0123456789abcdef";
  let nextLogin: string | undefined;
  let provider: Provider | undefined;

  const server: Server = createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith("/interaction/")) {
      finishInteraction(provider, req, res, nextLogin).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    loginAs(accountId) {
      nextLogin = accountId;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function finishInteraction(
  provider: Provider,
  req: Parameters<Provider["interactionDetails"]>[0],
  res: Parameters<Provider["interactionDetails"]>[1],
  accountId: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (!accountId) throw new Error("no test login chosen");
  const clientId = String(details.params.client_id);
  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
    : new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(String(details.params.scope ?? "openid"));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
