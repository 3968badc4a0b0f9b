import type { FullConfig } from "@playwright/test";
import { startOidcServer } from "./oidc-server";

/** Starts the identity provider for the SSO specs; the returned function is the teardown. */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const baseURL = config.projects[0]?.use.baseURL ?? "http://127.0.0.1:3100";
  const oidc = await startOidcServer({ redirectUri: `${baseURL}/api/auth/callback/oidc` });
  return () => oidc.close();
}
