import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { authorizeDemoPersona, demoSignInAllowed } from "@/server/auth/demo";
import { trustedEmail } from "@/server/auth/oidc";
import { buildProviders, createAuthOptions } from "@/server/auth/options";
import type { PrismaClient } from "@/server/db/client";
import { parseEnv, type Env } from "@/server/env";

const dir = mkdtempSync(path.join(tmpdir(), "auth-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = "s".repeat(48);
const OIDC = { OIDC_ISSUER: "https://idp.example.com/realms/acme/", OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "shh" };

function envOf(vars: Record<string, string>): Env {
  const source: Record<string, string> = { PGLITE_DATA_DIR: path.join(dir, "pglite"), NEXTAUTH_SECRET: SECRET, ...vars };
  return parseEnv(source as NodeJS.ProcessEnv);
}

// These tests must never reach a database: the refusals happen before any query.
const noDb = (): Promise<PrismaClient> => Promise.reject(new Error("the database must not be consulted"));

function providerIds(env: Env): string[] {
  return buildProviders({ env: () => env, db: noDb }).map((p) => p.id);
}

describe("auth options", () => {
  it("uses JWT sessions, the configured secret and the portal's sign-in page", () => {
    const options = createAuthOptions({ env: () => envOf({}), db: noDb });
    expect(options.session?.strategy).toBe("jwt");
    expect(options.secret).toBe(SECRET);
    expect(options.pages).toMatchObject({ signIn: "/signin" });
  });

  it("configures the OIDC provider from the environment", () => {
    const [oidc] = buildProviders({ env: () => envOf({ NODE_ENV: "production", ...OIDC }), db: noDb });
    expect(oidc).toMatchObject({
      id: "oidc",
      type: "oauth",
      wellKnown: "https://idp.example.com/realms/acme/.well-known/openid-configuration",
      clientId: "portal",
      clientSecret: "shh",
      idToken: true,
      checks: ["pkce", "state"],
    });
    const profile = (oidc as unknown as { profile: (c: object) => object }).profile({
      sub: "abc",
      email: "Ana@Example.com",
      name: "Ana Ruiz",
    });
    expect(profile).toEqual({ id: "abc", email: "Ana@Example.com", name: "Ana Ruiz" });
  });

  it("offers no OIDC provider when it is not configured", () => {
    expect(providerIds(envOf({ NODE_ENV: "development" }))).toEqual(["demo"]);
  });

  it("offers the persona picker outside production, or in production with the demo flag only", () => {
    expect(providerIds(envOf({ NODE_ENV: "test" }))).toContain("demo");
    expect(providerIds(envOf({ NODE_ENV: "production", ...OIDC }))).toEqual(["oidc"]);
    expect(providerIds(envOf({ NODE_ENV: "production", PORTAL_DEMO_MODE: "1" }))).toEqual(["demo"]);
    expect(demoSignInAllowed({ NODE_ENV: "production", PORTAL_DEMO_MODE: false })).toBe(false);
  });

  it("re-checks the demo rule inside authorize, before touching the database", async () => {
    const production = envOf({ NODE_ENV: "production" });
    await expect(authorizeDemoPersona({ env: () => production, db: noDb }, "ana@example.com")).resolves.toBeNull();
    const dev = envOf({ NODE_ENV: "development" });
    await expect(authorizeDemoPersona({ env: () => dev, db: noDb }, "")).resolves.toBeNull();
    await expect(authorizeDemoPersona({ env: () => dev, db: noDb }, undefined)).resolves.toBeNull();
  });
});

describe("trustedEmail", () => {
  it("normalises the address and refuses one the provider marks unverified", () => {
    expect(trustedEmail({ sub: "1", email: " Ana@Example.COM " })).toBe("ana@example.com");
    expect(trustedEmail({ sub: "1", email: "ana@example.com", email_verified: true })).toBe("ana@example.com");
    expect(trustedEmail({ sub: "1", email: "ana@example.com", email_verified: false })).toBeNull();
    expect(trustedEmail({ sub: "1" })).toBeNull();
    expect(trustedEmail(undefined)).toBeNull();
  });
});
