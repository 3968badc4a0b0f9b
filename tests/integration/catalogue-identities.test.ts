import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, seededWorld, type World } from "./requests-world";

/** What a requester may pick: catalogue items, subjects, active grants and owners. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

describe("catalogue search", () => {
  it("finds requestable entitlements by name, system, scope text and risk tier, page by page", async () => {
    const riley = await w.as("riley.requester");
    const all = await riley.catalogue.search({ pageSize: 100 });
    expect(all.total).toBe(await w.prisma.entitlement.count({ where: { requestable: true } }));
    expect(all.items.map((i) => i.ref)).not.toContain("warehouse:warehouse_admin");

    const byScope = await riley.catalogue.search({ q: "customers_pii" });
    expect(byScope.items.map((i) => i.ref)).toEqual(["warehouse:pii_read"]);
    const bySystem = await riley.catalogue.search({ systemKey: "staging-db", pageSize: 100 });
    expect(bySystem.items.every((i) => i.system.key === "staging-db")).toBe(true);
    expect(bySystem.total).toBe(5);
    const critical = await riley.catalogue.search({ riskTier: "CRITICAL", pageSize: 100 });
    expect(critical.items.every((i) => i.riskTier === "CRITICAL")).toBe(true);
    const page2 = await riley.catalogue.search({ pageSize: 10, page: 2 });
    expect(page2.items.map((i) => i.id)).toEqual(all.items.slice(10, 20).map((i) => i.id));
    expect(all.items[0]).toMatchObject({ system: { owner: { name: expect.any(String) } }, maxTtlHours: expect.anything() });
  });

  it("lists the systems that have something to request", async () => {
    const systems = await (await w.as("riley.requester")).catalogue.systems();
    expect(systems.length).toBe(13);
    expect(systems.find((s) => s.key === "staging-db")?.requestableCount).toBe(5);
  });
});

describe("requestable subjects", () => {
  it("offers a requester themself and the NHIs they own", async () => {
    const subjects = await (await w.as("riley.requester")).identities.requestable();
    expect(subjects[0]).toMatchObject({ relation: "self", name: "riley.requester" });
    expect(subjects.filter((s) => s.kind === "NHI").map((s) => s.name).sort()).toEqual(["ci-checkout-deploy", "svc-checkout-worker"]);
    expect(subjects.filter((s) => s.kind === "HUMAN")).toHaveLength(1);
  });

  it("offers a manager their reports, and leaves out NHIs without an active owner", async () => {
    const avery = await (await w.as("avery.approver")).identities.requestable();
    expect(avery.filter((s) => s.relation === "report").map((s) => s.name).sort()).toEqual([
      "diego.fernandez",
      "hannah.kowalski",
      "marcus.oyelaran",
      "riley.requester",
    ]);
    const sofia = await (await w.as("sofia.lindqvist")).identities.requestable();
    expect(sofia.map((s) => s.name)).not.toContain("bot-qa-nightly");
    expect(sofia.find((s) => s.name === "vendor.dbcare-consultant")).toMatchObject({ relation: "external" });
  });

  it("lists active grants of a subject I may request for, and NOT_FOUND for others", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const grants = await riley.requests.activeGrants({ subjectId: nhi.id });
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((g) => g.requestNumber.startsWith("AR-"))).toBe(true);
    expect(grants.some((g) => g.type === "SECRET" && g.credential !== null)).toBe(true);
    const other = await w.identity("svc-legacy-reports");
    await expectRefusal(riley.requests.activeGrants({ subjectId: other.id }), "NOT_FOUND", "subjectId");
  });

  it("offers active people as owners", async () => {
    const owners = await (await w.as("riley.requester")).identities.owners({ q: "becker" });
    expect(owners).toEqual([]);
    const all = await (await w.as("riley.requester")).identities.owners({});
    expect(all.length).toBe(await w.prisma.user.count({ where: { active: true } }));
  });
});
