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
  "requests.preview": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.preview(matrixGrant())) },
  "requests.submit": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.submit(matrixGrant())) },
  // Approvers and auditors read tickets too; which ones is the domain's filter, past the gate.
  "requests.get": { allowed: "signed-in", call: (c) => pastGate(c.requests.get({ number: 999_999 })) },
  "requests.cancel": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.cancel({ number: 999_999 })) },
  "requests.comment": { allowed: "signed-in", call: (c) => pastGate(c.requests.comment({ number: 999_999, body: "Matrix check" })) },
  "requests.renew": {
    allowed: ["REQUESTER"],
    call: (c) =>
      pastGate(c.requests.renew({ number: 999_999, justification: "Matrix check", expiresAt: "2030-01-01T00:00:00Z", idempotencyKey: "00000000-0000-4000-8000-000000000003" })),
  },
  "requests.collectCredential": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.collectCredential({ number: 999_999 })) },
  "requests.attestManual": {
    allowed: "signed-in",
    call: (c) => pastGate(c.requests.attestManual({ number: 999_999, action: "grant", attestation: "Matrix check of the attestation form", artefact: { name: "a.png", contentBase64: "aGVsbG8=" } })),
  },
  "requests.answerInfo": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.answerInfo({ number: 999_999, answer: "Matrix check" })) },
  "requests.openQuestion": { allowed: "signed-in", call: (c) => pastGate(c.requests.openQuestion({ number: 999_999 })) },
  "requests.activeGrants": { allowed: ["REQUESTER"], call: (c) => pastGate(c.requests.activeGrants({ subjectId: "00000000-0000-4000-8000-000000000004" })) },
  "catalogue.search": { allowed: ["REQUESTER"], call: (c) => c.catalogue.search({ q: "read" }) },
  "catalogue.systems": { allowed: ["REQUESTER"], call: (c) => c.catalogue.systems() },
  "identities.requestable": { allowed: ["REQUESTER"], call: (c) => pastGate(c.identities.requestable()) },
  "identities.owners": { allowed: ["REQUESTER"], call: (c) => c.identities.owners({ q: "a" }) },
  // Every signed-in user reads identities; which ones is the domain's filter, past the gate.
  "identities.detail": { allowed: "signed-in", call: (c) => pastGate(c.identities.detail({ id: "00000000-0000-4000-8000-000000000009" })) },
  "identities.list": { allowed: "signed-in", call: (c) => c.identities.list({ q: "a" }) },
  "identities.canOpen": { allowed: "signed-in", call: (c) => c.identities.canOpen({ id: "00000000-0000-4000-8000-000000000009" }) },
  "approvals.inbox": { allowed: ["APPROVER"], call: (c) => c.approvals.inbox({ pageSize: 5, sort: "sla", filters: { slaState: "overdue" } }) },
  "approvals.decide": { allowed: ["APPROVER"], call: (c) => pastGate(c.approvals.decide({ number: 999_999, outcome: "APPROVE" })) },
  "approvals.review": { allowed: ["APPROVER"], call: (c) => pastGate(c.approvals.review({ number: 999_999 })) },
  "approvals.bulkApprove": { allowed: ["APPROVER"], call: (c) => pastGate(c.approvals.bulkApprove({ numbers: [999_999], comment: "Matrix check" })) },
  "delegations.list": { allowed: ["APPROVER"], call: (c) => c.delegations.list() },
  "delegations.candidates": { allowed: ["APPROVER"], call: (c) => c.delegations.candidates({ q: "a" }) },
  "delegations.create": {
    allowed: ["APPROVER"],
    call: (c) => pastGate(c.delegations.create({ delegateId: "00000000-0000-4000-8000-000000000005", startsOn: "2030-01-01", endsOn: "2030-01-02" })),
  },
  "delegations.end": { allowed: ["APPROVER"], call: (c) => pastGate(c.delegations.end({ id: "00000000-0000-4000-8000-000000000006" })) },
  "audit.verifyChain": { allowed: ["AUDITOR"], call: (c) => c.audit.verifyChain() },
  // Every signed-in user reads the evidence of the tickets they may see; which ones is the domain's filter, past the gate.
  "evidence.ticket": { allowed: "signed-in", call: (c) => pastGate(c.evidence.ticket({ number: 999_999 })) },
  // Every signed-in user searches the evidence; which tickets they find is the domain's filter.
  "explorer.search": { allowed: "signed-in", call: (c) => c.explorer.search({ filter: { q: "access" }, pageSize: 5 }) },
  "explorer.controlReport": { allowed: "signed-in", call: (c) => c.explorer.controlReport({ kind: ["GRANT"] }) },
  "explorer.options": { allowed: "signed-in", call: (c) => c.explorer.options() },
  "explorer.lookup": { allowed: "signed-in", call: (c) => c.explorer.lookup({ q: "a" }) },
  "gaps.summary": { allowed: ["AUDITOR"], call: (c) => c.gaps.summary() },
  "gaps.report": { allowed: ["AUDITOR"], call: (c) => c.gaps.report({ kind: "sodBreaches", page: 1 }) },
  // An unknown entitlement is refused past the gate.
  "gaps.draftPattern": { allowed: ["ADMIN"], call: (c) => pastGate(c.gaps.draftPattern({ entitlementId: "00000000-0000-4000-8000-000000000005" })) },
  "fulfilment.overdue": { allowed: ["ADMIN"], call: (c) => c.fulfilment.overdue() },
  // Owners of systems fulfilled by hand get their list too, whatever their roles (fulfilment-manual-tasks.test.ts); these personas own none.
  "fulfilment.myTasks": { allowed: ["ADMIN"], call: (c) => c.fulfilment.myTasks() },
  "users.list": { allowed: ["ADMIN"], call: (c) => c.users.list({ search: "a" }) },
  // This database has no published policy: a domain refusal past the role gate counts as let through.
  "policy.current": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.current()) },
  "policy.versions": { allowed: ["ADMIN"], call: (c) => c.policy.versions() },
  "policy.version": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.version({ id: "00000000-0000-4000-8000-000000000001" })) },
  "policy.draft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.draft()) },
  "policy.saveDraft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.saveDraft({ document: { schemaVersion: 1 } })) },
  "policy.validateDraft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.validateDraft()) },
  "policy.diffDraft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.diffDraft()) },
  "policy.simulateDraft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.simulateDraft({})) },
  "policy.publish": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.publish({ note: "Matrix check" })) },
  "policy.rollback": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.rollback({ version: 1, note: "Matrix check" })) },
  "policy.export": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.export({})) },
  "policy.importDraft": { allowed: ["ADMIN"], call: (c) => pastGate(c.policy.importDraft({ json: "{}" })) },
  "policy.suggestedPatterns": { allowed: ["ADMIN"], call: (c) => c.policy.suggestedPatterns({}) },
  "catalogueAdmin.systems": { allowed: ["ADMIN"], call: (c) => c.catalogueAdmin.systems({ q: "a" }) },
  "catalogueAdmin.saveSystem": {
    allowed: ["ADMIN"],
    call: (c) =>
      c.catalogueAdmin.saveSystem({
        key: `matrix-${Math.random().toString(36).slice(2, 10)}`,
        name: "Matrix system",
        connectorType: "MANUAL",
        ownerId: personas.ADMIN.id,
        riskTier: "LOW",
        environment: "DEVELOPMENT",
      }),
  },
  "catalogueAdmin.entitlements": { allowed: ["ADMIN"], call: (c) => c.catalogueAdmin.entitlements({ requestable: true }) },
  "catalogueAdmin.saveEntitlement": {
    allowed: ["ADMIN"],
    call: (c) =>
      pastGate(
        c.catalogueAdmin.saveEntitlement({
          systemId: "00000000-0000-4000-8000-000000000002",
          key: "read",
          name: "Read",
          scope: { role: "read" },
          riskTier: "LOW",
        }),
      ),
  },
  "catalogueAdmin.entitlementRefs": { allowed: ["ADMIN"], call: (c) => c.catalogueAdmin.entitlementRefs() },
  "catalogueAdmin.owners": { allowed: ["ADMIN"], call: (c) => c.catalogueAdmin.owners({}) },
  "notifications.list": { allowed: "signed-in", call: (c) => c.notifications.list({ pageSize: 5 }) },
  "notifications.unreadCount": { allowed: "signed-in", call: (c) => c.notifications.unreadCount() },
  // Only the caller's own notifications can be marked; an unknown id is refused past the gate.
  "notifications.markRead": { allowed: "signed-in", call: (c) => pastGate(c.notifications.markRead({ id: "00000000-0000-4000-8000-000000000008" })) },
  "notifications.markAllRead": { allowed: "signed-in", call: (c) => c.notifications.markAllRead() },
};

const PROCEDURES = Object.keys(MATRIX);

function matrixGrant() {
  return {
    kind: "GRANT" as const,
    entitlementId: "00000000-0000-4000-8000-000000000005",
    subjectId: "00000000-0000-4000-8000-000000000006",
    justification: "Matrix check of the role gate",
    idempotencyKey: "00000000-0000-4000-8000-000000000007",
  };
}

/** Resolves when the call got past the role gate and was refused by the domain for its data. */
async function pastGate(call: Promise<unknown>): Promise<unknown> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError && ["NOT_FOUND", "PRECONDITION_FAILED", "BAD_REQUEST", "CONFLICT"].includes(error.code)) {
      return error.code;
    }
    throw error;
  }
}

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
