import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createCaller } from "@/server/api/caller";
import { appRouter } from "@/server/api/root";
import { ROLES, type Role } from "@/server/auth/roles";
import { callerFor, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

type Caller = ReturnType<typeof createCaller>;

/**
 * Every procedure of the API, who may call it, and one valid call. "signed-in" means any active
 * user, whatever their roles. A procedure missing here fails the first test below.
 */
const MATRIX: Record<string, { allowed: "signed-in" | readonly Role[]; call: (caller: Caller) => Promise<unknown> }> = {
  "me.get": { allowed: "signed-in", call: (c) => c.me.get() },
  "dashboard.home": { allowed: "signed-in", call: (c) => c.dashboard.home() },
  "requests.mine": { allowed: ["REQUESTER"], call: (c) => c.requests.mine({}) },
  "approvals.queue": { allowed: ["APPROVER"], call: (c) => c.approvals.queue({ pageSize: 5 }) },
  "audit.verifyChain": { allowed: ["AUDITOR"], call: (c) => c.audit.verifyChain() },
  "users.list": { allowed: ["ADMIN"], call: (c) => c.users.list({ search: "a" }) },
};

const PROCEDURES = Object.keys(MATRIX);

let db: TestDatabase;
const personas = {} as Record<Role | "NONE", TestUser>;
let deactivated: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const role of ROLES) personas[role] = await createUser(db.prisma, { name: `Only ${role}`, roles: [role] });
  personas.NONE = await createUser(db.prisma, { name: "No Roles", roles: [] });
  deactivated = await createUser(db.prisma, { name: "Left Company", roles: [...ROLES], active: false });
});

afterAll(async () => {
  await db?.drop();
});

async function outcome(call: Promise<unknown>): Promise<"OK" | TRPCError["code"]> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("authorization matrix", () => {
  it("covers every procedure of the router", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual([...PROCEDURES].sort());
  });

  describe.each(PROCEDURES)("%s", (path) => {
    const entry = MATRIX[path]!;

    it("answers UNAUTHORIZED without a session", async () => {
      expect(await outcome(entry.call(callerFor(db.prisma, null)))).toBe("UNAUTHORIZED");
    });

    it("answers UNAUTHORIZED for a deactivated user, whatever the session claims", async () => {
      expect(await outcome(entry.call(callerFor(db.prisma, deactivated, [...ROLES])))).toBe("UNAUTHORIZED");
    });

    it("answers UNAUTHORIZED for a session whose user does not exist", async () => {
      const ghost = { id: "00000000-0000-4000-8000-000000000000", email: "ghost@example.test", name: "Ghost" };
      expect(await outcome(entry.call(callerFor(db.prisma, ghost, ["ADMIN"])))).toBe("UNAUTHORIZED");
    });

    it.each([...ROLES, "NONE" as const])("role %s", async (role) => {
      const allowed = entry.allowed === "signed-in" || (role !== "NONE" && entry.allowed.includes(role));
      // The session claims every role and an unknown one: only the database's roles may count.
      const caller = callerFor(db.prisma, personas[role], [...ROLES, "SUPERUSER"]);
      expect(await outcome(entry.call(caller))).toBe(allowed ? "OK" : "FORBIDDEN");
    });
  });

  it("names the missing role in FORBIDDEN", async () => {
    const error = await callerFor(db.prisma, personas.REQUESTER).users.list({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).message).toMatch(/ADMIN role/);
  });

  it("applies a removed role and a deactivation on the very next call", async () => {
    const user = await createUser(db.prisma, { name: "Changing Admin", roles: ["ADMIN", "REQUESTER"] });
    const caller = callerFor(db.prisma, user, ["ADMIN", "REQUESTER"]);
    expect(await outcome(caller.users.list({}))).toBe("OK");

    await db.prisma.user.update({ where: { id: user.id }, data: { roles: ["REQUESTER"] } });
    expect(await outcome(caller.users.list({}))).toBe("FORBIDDEN");
    expect(await outcome(caller.requests.mine({}))).toBe("OK");

    await db.prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await outcome(caller.requests.mine({}))).toBe("UNAUTHORIZED");
    expect(await outcome(caller.me.get())).toBe("UNAUTHORIZED");
  });

  it("returns the DB-fresh identity from me.get", async () => {
    const me = await callerFor(db.prisma, personas.APPROVER, ["ADMIN"]).me.get();
    expect(me).toEqual({
      id: personas.APPROVER.id,
      email: personas.APPROVER.email,
      name: "Only APPROVER",
      department: "Engineering",
      roles: ["APPROVER"],
    });
  });
});
