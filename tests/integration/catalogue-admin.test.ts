import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { callerFor, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

let db: TestDatabase;
let adminUser: TestUser;
let owner: TestUser;
let admin: ReturnType<typeof callerFor>;

beforeAll(async () => {
  db = await createTestDatabase();
  adminUser = await createUser(db.prisma, { name: "Catalogue Admin", roles: ["ADMIN"] });
  owner = await createUser(db.prisma, { name: "System Owner", roles: ["APPROVER"] });
  admin = callerFor(db.prisma, adminUser);
});

afterAll(async () => {
  await db?.drop();
});

async function refusal(call: Promise<unknown>): Promise<{ code: string; field: string | undefined; message: string }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  return { code: trpc.code, field: trpc.cause instanceof AppError ? trpc.cause.field : undefined, message: trpc.message };
}

const baseSystem = () => ({
  key: "ledger-db",
  name: "Ledger database",
  description: "General ledger",
  connectorType: "POSTGRES" as const,
  connectorConfig: { database: "ledger", host: "db.internal" },
  ownerId: owner.id,
  riskTier: "HIGH" as const,
  environment: "PRODUCTION" as const,
});

describe("systems", () => {
  let systemId: string;

  it("creates a system with its audit event in the same transaction", async () => {
    const created = await admin.catalogueAdmin.saveSystem(baseSystem());
    systemId = created.id;
    expect(created).toMatchObject({ key: "ledger-db", owner: { id: owner.id }, entitlementCount: 0, connectorConfig: { database: "ledger" } });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "catalogue.system.created", entityId: created.id } });
    expect(event).toMatchObject({ actorId: adminUser.id, entityType: "System" });
    expect(event.data).toMatchObject({ key: "ledger-db", after: { riskTier: "HIGH", ownerId: owner.id } });
  });

  it("refuses a duplicate key with a CONFLICT naming the field, writing nothing", async () => {
    const events = await db.prisma.auditEvent.count();
    const error = await refusal(admin.catalogueAdmin.saveSystem({ ...baseSystem(), name: "Another" }));
    expect(error).toMatchObject({ code: "CONFLICT", field: "key" });
    expect(error.message).toMatch(/ledger-db/);
    expect(await db.prisma.auditEvent.count()).toBe(events);
    expect(await db.prisma.system.count({ where: { key: "ledger-db" } })).toBe(1);
  });

  it("updates a system and records before and after", async () => {
    const updated = await admin.catalogueAdmin.saveSystem({ ...baseSystem(), id: systemId, riskTier: "CRITICAL", description: null });
    expect(updated).toMatchObject({ riskTier: "CRITICAL", description: null });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "catalogue.system.updated", entityId: systemId } });
    expect(event.data).toMatchObject({ before: { riskTier: "HIGH" }, after: { riskTier: "CRITICAL" } });
  });

  it("refuses a key change, an unknown id, an inactive owner and a malformed key", async () => {
    expect(await refusal(admin.catalogueAdmin.saveSystem({ ...baseSystem(), id: systemId, key: "ledger-2" }))).toMatchObject({ code: "BAD_REQUEST", field: "key" });
    expect(await refusal(admin.catalogueAdmin.saveSystem({ ...baseSystem(), id: "00000000-0000-4000-8000-00000000000a", key: "x-1" }))).toMatchObject({ code: "NOT_FOUND", field: "id" });
    const gone = await createUser(db.prisma, { name: "Gone Owner", roles: [], active: false });
    expect(await refusal(admin.catalogueAdmin.saveSystem({ ...baseSystem(), key: "other-db", ownerId: gone.id }))).toMatchObject({ code: "BAD_REQUEST", field: "ownerId" });
    const bad = await refusal(admin.catalogueAdmin.saveSystem({ ...baseSystem(), key: "Has Spaces" }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("lists with paging, sorting and filters", async () => {
    for (const [key, riskTier] of [["alpha-api", "LOW"], ["beta-api", "MEDIUM"], ["gamma-api", "LOW"]] as const) {
      await admin.catalogueAdmin.saveSystem({ ...baseSystem(), key, name: `${key} service`, riskTier, connectorType: "API_KEY" });
    }
    const page1 = await admin.catalogueAdmin.systems({ pageSize: 2, sort: "key" });
    expect(page1.total).toBe(4);
    expect(page1.items.map((s) => s.key)).toEqual(["alpha-api", "beta-api"]);
    const page2 = await admin.catalogueAdmin.systems({ pageSize: 2, page: 2, sort: "key" });
    expect(page2.items.map((s) => s.key)).toEqual(["gamma-api", "ledger-db"]);
    const desc = await admin.catalogueAdmin.systems({ sort: "key", direction: "desc" });
    expect(desc.items[0]!.key).toBe("ledger-db");
    const low = await admin.catalogueAdmin.systems({ riskTier: "LOW" });
    expect(low.items.map((s) => s.key)).toEqual(["alpha-api", "gamma-api"]);
    const q = await admin.catalogueAdmin.systems({ q: "GAMMA" });
    expect(q.items.map((s) => s.key)).toEqual(["gamma-api"]);
  });

  it("offers active people as owners", async () => {
    const owners = await admin.catalogueAdmin.owners({ q: "system owner" });
    expect(owners.map((o) => o.id)).toEqual([owner.id]);
    expect((await admin.catalogueAdmin.owners({ q: "gone owner" })).length).toBe(0);
  });
});

describe("entitlements", () => {
  let systemId: string;
  let entitlementId: string;
  const base = () => ({
    systemId,
    key: "journal_read",
    name: "Read journal entries",
    description: "SELECT on the journal schema",
    scope: { role: "journal_read", privileges: ["SELECT"] },
    riskTier: "MEDIUM" as const,
    privileged: false,
    maxTtlHours: 720,
    requestable: true,
  });

  beforeAll(async () => {
    systemId = (await db.prisma.system.findUniqueOrThrow({ where: { key: "ledger-db" } })).id;
  });

  it("creates an entitlement with its exact scope and an audit event", async () => {
    const created = await admin.catalogueAdmin.saveEntitlement(base());
    entitlementId = created.id;
    expect(created).toMatchObject({ ref: "ledger-db:journal_read", scope: { privileges: ["SELECT"] }, maxTtlHours: 720, requestCount: 0 });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "catalogue.entitlement.created", entityId: created.id } });
    expect(event.data).toMatchObject({ ref: "ledger-db:journal_read", after: { scope: { role: "journal_read" } } });
  });

  it("refuses a duplicate key within the system, naming the field", async () => {
    expect(await refusal(admin.catalogueAdmin.saveEntitlement(base()))).toMatchObject({ code: "CONFLICT", field: "key" });
    // The same key on another system is fine.
    const other = await db.prisma.system.findUniqueOrThrow({ where: { key: "alpha-api" } });
    await expect(admin.catalogueAdmin.saveEntitlement({ ...base(), systemId: other.id })).resolves.toMatchObject({ ref: "alpha-api:journal_read" });
  });

  it("updates an entitlement: not requestable any more, privileged, no cap", async () => {
    const updated = await admin.catalogueAdmin.saveEntitlement({ ...base(), id: entitlementId, requestable: false, privileged: true, maxTtlHours: null });
    expect(updated).toMatchObject({ requestable: false, privileged: true, maxTtlHours: null });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "catalogue.entitlement.updated", entityId: entitlementId } });
    expect(event.data).toMatchObject({ before: { requestable: true, maxTtlHours: 720 }, after: { requestable: false, maxTtlHours: null } });
  });

  it("refuses an empty scope, an unknown system, a move and a key change", async () => {
    const empty = await refusal(admin.catalogueAdmin.saveEntitlement({ ...base(), key: "empty", scope: {} }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(await refusal(admin.catalogueAdmin.saveEntitlement({ ...base(), key: "other-key", systemId: "00000000-0000-4000-8000-00000000000b" }))).toMatchObject({ code: "BAD_REQUEST", field: "systemId" });
    const other = await db.prisma.system.findUniqueOrThrow({ where: { key: "beta-api" } });
    expect(await refusal(admin.catalogueAdmin.saveEntitlement({ ...base(), id: entitlementId, systemId: other.id }))).toMatchObject({ field: "systemId" });
    expect(await refusal(admin.catalogueAdmin.saveEntitlement({ ...base(), id: entitlementId, key: "renamed" }))).toMatchObject({ field: "key" });
  });

  it("lists with filters for system, risk tier, requestable and a search", async () => {
    const all = await admin.catalogueAdmin.entitlements({});
    expect(all.items.map((e) => e.ref)).toEqual(["alpha-api:journal_read", "ledger-db:journal_read"]);
    expect((await admin.catalogueAdmin.entitlements({ systemId })).items.map((e) => e.ref)).toEqual(["ledger-db:journal_read"]);
    expect((await admin.catalogueAdmin.entitlements({ requestable: true })).items.map((e) => e.ref)).toEqual(["alpha-api:journal_read"]);
    expect((await admin.catalogueAdmin.entitlements({ q: "ledger" })).total).toBe(1);
    expect((await admin.catalogueAdmin.entitlements({ riskTier: "CRITICAL" })).total).toBe(0);
    expect((await admin.catalogueAdmin.entitlements({ sort: "system", direction: "desc" })).items[0]!.ref).toBe("ledger-db:journal_read");
    expect(await admin.catalogueAdmin.entitlementRefs()).toEqual(["alpha-api:journal_read", "ledger-db:journal_read"]);
  });
});
