import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthOptions } from "@/server/auth/options";
import { verifyAuditChain } from "@/server/domain/audit/verify";
import { parseEnv, type Env } from "@/server/env";
import { createUser } from "@/tests/helpers/api-fixtures";
import { startAuthServer, TestBrowser, type AuthTestServer } from "@/tests/helpers/next-auth-driver";
import { startOidcTestServer, type OidcTestServer } from "@/tests/helpers/oidc-test-server";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/**
 * Single sign-on end to end over loopback HTTP: next-auth's handler with the portal's options
 * against oidc-provider (a certified OpenID Provider): discovery, authorization code with PKCE and
 * state, ID token validation, UserInfo, then the portal's matching and provisioning rules.
 */
let db: TestDatabase;
let idp: OidcTestServer;
let app: AuthTestServer;
let env: Env | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), "oidc-signin-"));

const ACCOUNTS = {
  newcomer: { email: "Nia.Newcomer@Example.test", email_verified: true, name: "Nia Newcomer" },
  grace: { email: "GRACE.approver@example.test", email_verified: true, name: "Grace (IdP name)" },
  leaver: { email: "leo.leaver@example.test", email_verified: true, name: "Leo Leaver" },
  unverified: { email: "grace.approver@example.test", email_verified: false, name: "Not Grace" },
};

beforeAll(async () => {
  db = await createTestDatabase();
  const options = createAuthOptions({
    env: () => {
      if (!env) throw new Error("environment not ready");
      return env;
    },
    db: async () => db.prisma,
  });
  app = await startAuthServer(options);
  idp = await startOidcTestServer({ redirectUri: `${app.origin}/api/auth/callback/oidc`, accounts: ACCOUNTS });
  env = parseEnv({
    NODE_ENV: "production",
    NEXTAUTH_SECRET: "oidc-test-secret-0123456789abcdefghijklmnop",
    NEXTAUTH_URL: app.origin,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
  } as NodeJS.ProcessEnv);
  // next-auth derives its own origin (and so the callback URL) from NEXTAUTH_URL.
  vi.stubEnv("NEXTAUTH_URL", app.origin);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await app?.close();
  await idp?.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Clicks "Sign in with single sign-on" and goes through the provider; returns where it landed. */
async function signIn(browser: TestBrowser, account: keyof typeof ACCOUNTS) {
  idp.loginAs(account);
  const csrf = (await (await browser.request(`${app.origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  const result = await browser.follow(`${app.origin}/api/auth/signin/oidc`, {
    method: "POST",
    form: { csrfToken: csrf.csrfToken, callbackUrl: `${app.origin}/` },
  });
  return result;
}

async function session(browser: TestBrowser) {
  return (await (await browser.request(`${app.origin}/api/auth/session`)).json()) as {
    user?: { id: string; email: string; name: string; roles: string[] };
  };
}

describe("sign-in with OIDC", () => {
  it("offers only single sign-on in production without the demo flag", async () => {
    const providers = (await (await new TestBrowser().request(`${app.origin}/api/auth/providers`)).json()) as Record<string, unknown>;
    expect(Object.keys(providers)).toEqual(["oidc"]);
  });

  it("provisions an unknown person as a REQUESTER with a human identity, and audits it", async () => {
    const browser = new TestBrowser();
    const { visited, url } = await signIn(browser, "newcomer");
    expect(visited.some((u) => u.startsWith(`${idp.issuer}/auth`))).toBe(true);
    expect(visited.some((u) => u.startsWith(`${app.origin}/api/auth/callback/oidc?code=`))).toBe(true);
    expect(url).toBe(`${app.origin}/`);
    expect(browser.cookies(app.origin).has("next-auth.session-token")).toBe(true);

    const user = await db.prisma.user.findUniqueOrThrow({
      where: { email: "nia.newcomer@example.test" },
      include: { identity: true },
    });
    expect(user).toMatchObject({ name: "Nia Newcomer", roles: ["REQUESTER"], active: true, department: "Unassigned" });
    expect(user.identity).toMatchObject({ kind: "HUMAN", status: "ACTIVE", displayName: "Nia Newcomer" });
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "user.provisioned", entityId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ via: "oidc", issuer: idp.issuer, subject: "newcomer" });

    expect((await session(browser)).user).toEqual({
      id: user.id,
      email: "nia.newcomer@example.test",
      name: "Nia Newcomer",
      roles: ["REQUESTER"],
    });

    // A second login matches the same account instead of creating another.
    await signIn(new TestBrowser(), "newcomer");
    expect(await db.prisma.user.count({ where: { email: { equals: "nia.newcomer@example.test", mode: "insensitive" } } })).toBe(1);
    const signIns = await db.prisma.auditEvent.findMany({ where: { action: "user.signed_in", actorId: user.id } });
    expect(signIns.map((e) => e.data)).toEqual([{ method: "oidc" }, { method: "oidc" }]);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, checked: 3 });
  });

  it("matches an existing user by email regardless of case and keeps their roles", async () => {
    const existing = await db.prisma.user.create({
      data: { email: "Grace.Approver@example.test", name: "Grace Approver", roles: ["REQUESTER", "APPROVER"], department: "Finance" },
    });
    const before = await db.prisma.user.count();
    const browser = new TestBrowser();
    const { url } = await signIn(browser, "grace");
    expect(url).toBe(`${app.origin}/`);
    expect(await db.prisma.user.count()).toBe(before);
    expect((await session(browser)).user).toEqual({
      id: existing.id,
      email: "Grace.Approver@example.test",
      name: "Grace Approver",
      roles: ["REQUESTER", "APPROVER"],
    });

    // Deactivation ends the session on the next request, though the cookie is still valid.
    await db.prisma.user.update({ where: { id: existing.id }, data: { active: false } });
    expect(await session(browser)).toEqual({});
    await db.prisma.user.update({ where: { id: existing.id }, data: { active: true } });
  });

  it("refuses a deactivated user", async () => {
    const leaver = await createUser(db.prisma, { name: "Leo Leaver", roles: ["REQUESTER"], active: false });
    await db.prisma.user.update({ where: { id: leaver.id }, data: { email: "leo.leaver@example.test" } });
    const browser = new TestBrowser();
    const { url } = await signIn(browser, "leaver");
    expect(url).toBe(`${app.origin}/signin?error=AccessDenied`);
    expect(browser.cookies(app.origin).has("next-auth.session-token")).toBe(false);
    expect(await session(browser)).toEqual({});
    expect(await db.prisma.auditEvent.count({ where: { action: "user.signed_in", actorId: leaver.id } })).toBe(0);
  });

  it("refuses an email address the provider says is unverified", async () => {
    const before = await db.prisma.user.count();
    const browser = new TestBrowser();
    const { url } = await signIn(browser, "unverified");
    expect(url).toBe(`${app.origin}/signin?error=AccessDenied`);
    expect(browser.cookies(app.origin).has("next-auth.session-token")).toBe(false);
    expect(await db.prisma.user.count()).toBe(before);
  });

  it("refuses the demo persona provider in production", async () => {
    const browser = new TestBrowser();
    const csrf = (await (await browser.request(`${app.origin}/api/auth/csrf`)).json()) as { csrfToken: string };
    const { url } = await browser.follow(`${app.origin}/api/auth/callback/demo`, {
      method: "POST",
      form: { csrfToken: csrf.csrfToken, email: "grace.approver@example.test" },
    });
    expect(url).not.toBe(`${app.origin}/`);
    expect(browser.cookies(app.origin).has("next-auth.session-token")).toBe(false);
  });
});
