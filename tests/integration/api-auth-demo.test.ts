import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthOptions } from "@/server/auth/options";
import { parseEnv, type Env } from "@/server/env";
import { createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { startAuthServer, TestBrowser, type AuthTestServer } from "@/tests/helpers/next-auth-driver";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** The persona picker through next-auth's real handler: who may use it, and when. */
let db: TestDatabase;
const dataDir = mkdtempSync(path.join(tmpdir(), "demo-signin-"));
const servers: AuthTestServer[] = [];
let approver: TestUser;
let leaver: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  approver = await createUser(db.prisma, { name: "Priya Approver", roles: ["REQUESTER", "APPROVER"] });
  leaver = await createUser(db.prisma, { name: "Gone Person", roles: ["ADMIN"], active: false });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const server of servers) await server.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(vars: Record<string, string>): Promise<AuthTestServer> {
  let env: Env | undefined;
  const server = await startAuthServer(createAuthOptions({ env: () => env!, db: async () => db.prisma }));
  const source: Record<string, string> = {
    NEXTAUTH_SECRET: "demo-test-secret-0123456789abcdefghijklmnop",
    PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
    ...vars,
  };
  env = parseEnv(source as NodeJS.ProcessEnv);
  vi.stubEnv("NEXTAUTH_URL", server.origin);
  servers.push(server);
  return server;
}

async function pickPersona(server: AuthTestServer, email: string) {
  const browser = new TestBrowser();
  const csrf = (await (await browser.request(`${server.origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  const { url } = await browser.follow(`${server.origin}/api/auth/callback/demo`, {
    method: "POST",
    form: { csrfToken: csrf.csrfToken, email, callbackUrl: `${server.origin}/` },
  });
  const session = (await (await browser.request(`${server.origin}/api/auth/session`)).json()) as {
    user?: { id: string; roles: string[] };
  };
  return { url, session, signedIn: browser.cookies(server.origin).has("next-auth.session-token") };
}

describe("demo persona sign-in", () => {
  it("signs in as an active seeded person by email, with roles from the database", async () => {
    const server = await serve({ NODE_ENV: "development" });
    const result = await pickPersona(server, approver.email.toUpperCase());
    expect(result.url).toBe(`${server.origin}/`);
    expect(result.session.user).toEqual({
      id: approver.id,
      email: approver.email,
      name: "Priya Approver",
      roles: ["REQUESTER", "APPROVER"],
    });
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "user.signed_in", actorId: approver.id } });
    expect(audit.map((e) => e.data)).toEqual([{ method: "demo" }]);
  });

  it("refuses a deactivated or unknown person", async () => {
    const server = await serve({ NODE_ENV: "development" });
    for (const email of [leaver.email, "nobody@example.test"]) {
      const result = await pickPersona(server, email);
      expect(result.signedIn).toBe(false);
      expect(result.url).toMatch(/\/signin\?.*error=CredentialsSignin/);
      expect(result.session).toEqual({});
    }
  });

  it("exists in production only with PORTAL_DEMO_MODE", async () => {
    const locked = await serve({ NODE_ENV: "production" });
    expect((await pickPersona(locked, approver.email)).signedIn).toBe(false);

    const demo = await serve({ NODE_ENV: "production", PORTAL_DEMO_MODE: "true" });
    const result = await pickPersona(demo, approver.email);
    expect(result.signedIn).toBe(true);
    expect(result.session.user?.id).toBe(approver.id);
  });
});
