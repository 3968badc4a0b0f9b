import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, parseEnv, sessionSecret } from "@/server/env";

const dir = mkdtempSync(path.join(tmpdir(), "env-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The demo secret is kept beside the data folder: point it into a throwaway directory.
const base = { PGLITE_DATA_DIR: path.join(dir, "pglite") };
const SECRET = "x".repeat(40);

// The vars are a partial environment on purpose: NODE_ENV is left out to test its default.
function parse(vars: Record<string, string>) {
  return parseEnv(vars as NodeJS.ProcessEnv);
}

function messageOf(source: Record<string, string>): string {
  try {
    parse(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected parseEnv to refuse this configuration");
}

describe("parseEnv", () => {
  it("accepts an empty environment (embedded PGlite, demo secret created on first use)", () => {
    const env = parse({ ...base });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NEXTAUTH_SECRET).toBeUndefined();
    const secret = sessionSecret(env);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(sessionSecret(parse({ ...base }))).toBe(secret);
  });

  it.each(["mysql://db/portal", "postgres://", "not a url", "postgresql://host-only"])(
    "names DATABASE_URL when it is malformed (%s)",
    (url) => {
      expect(messageOf({ ...base, DATABASE_URL: url })).toMatch(/DATABASE_URL .*postgres/);
    },
  );

  it("accepts a well-formed PostgreSQL URL", () => {
    expect(parse({ ...base, DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/portal" }).DATABASE_URL).toBe(
      "postgresql://u:p@127.0.0.1:5432/portal",
    );
  });

  it("names each missing OIDC variable when OIDC is half configured", () => {
    const message = messageOf({ ...base, OIDC_ISSUER: "https://idp.example.com" });
    expect(message).toMatch(/OIDC_CLIENT_ID is required because OIDC_ISSUER is set/);
    expect(message).toMatch(/OIDC_CLIENT_SECRET is required/);
    expect(message).not.toMatch(/^\s*OIDC_ISSUER/m);

    const secretOnly = messageOf({ ...base, OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "s" });
    expect(secretOnly).toMatch(/OIDC_ISSUER is required/);
  });

  it("accepts OIDC when all three variables are set", () => {
    const env = parse({
      ...base,
      OIDC_ISSUER: "https://idp.example.com",
      OIDC_CLIENT_ID: "portal",
      OIDC_CLIENT_SECRET: "s",
    });
    expect(env.OIDC_ISSUER).toBe("https://idp.example.com");
  });

  it("names NEXTAUTH_SECRET when it is missing in production", () => {
    expect(messageOf({ ...base, NODE_ENV: "production" })).toMatch(/NEXTAUTH_SECRET is required in production/);
    expect(messageOf({ ...base, NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toMatch(
      /NEXTAUTH_SECRET must be at least 32 characters/,
    );
    expect(parse({ ...base, NODE_ENV: "production", NEXTAUTH_SECRET: SECRET }).NEXTAUTH_SECRET).toBe(SECRET);
  });

  it("lets the explicit demo flag run production without a configured secret", () => {
    const env = parse({ ...base, NODE_ENV: "production", PORTAL_DEMO_MODE: "true" });
    expect(env.PORTAL_DEMO_MODE).toBe(true);
  });

  it("refuses a demo flag it does not understand", () => {
    expect(messageOf({ ...base, PORTAL_DEMO_MODE: "yes" })).toMatch(/PORTAL_DEMO_MODE/);
  });
});
