import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededWorld, type World } from "./requests-world";

/**
 * The admin's list of suggested pre-approved patterns is the recurring-requests report: an
 * entitlement asked for by enough different people shows up with the pattern id a draft would
 * get, is marked as drafted once an admin drafts it, and stays out of reach of auditors.
 */
let w: World;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

describe("policy.suggestedPatterns", () => {
  it("lists a recurring entitlement for admins, marks it once drafted, and refuses auditors", async () => {
    const system = await w.prisma.system.findFirstOrThrow({ where: { key: "warehouse" }, select: { id: true } });
    const e = await w.prisma.entitlement.create({
      data: { systemId: system.id, key: `suggest_${randomUUID().slice(0, 6)}`, name: "Suggested dashboards", scope: { role: "read" }, riskTier: "LOW", maxTtlHours: 48 },
      select: { id: true, key: true },
    });
    const subject = (await w.person("riley.requester")).identity!.id;
    for (const n of [1, 2, 3]) {
      const person = await w.prisma.user.create({ data: { email: `suggest-${n}-${randomUUID().slice(0, 6)}@acme.example`, name: `Suggest ${n}`, department: "Data" }, select: { id: true } });
      await w.prisma.accessRequest.create({
        data: { kind: "GRANT", status: "ACTIVE", requesterId: person.id, subjectId: subject, entitlementId: e.id, scope: {}, justification: "Weekly reporting", createdAt: new Date(Date.now() - n * DAY) },
      });
    }
    const adam = await w.as("adam.admin");
    const ours = async (input: { minRequesters?: number; withinDays?: number }) => (await adam.policy.suggestedPatterns(input)).rows.filter((r) => r.entitlementId === e.id);

    expect(await ours({})).toEqual([]);
    const [row] = await ours({ minRequesters: 3 });
    expect(row).toEqual({
      entitlementId: e.id,
      ref: `warehouse:${e.key}`,
      name: "Suggested dashboards (Analytics warehouse)",
      why: "Requested by 3 different people in 3 tickets within 30 days.",
      lastRequestedAt: expect.any(Date),
      patternId: `pa-recurring-warehouse-${e.key.replace(/_/g, "-")}`,
      inDraft: false,
      published: false,
    });
    const page = await adam.policy.suggestedPatterns({ minRequesters: 3, withinDays: 30 });
    expect(page.params).toEqual({ minRequesters: 3, withinDays: 30 });
    expect(page.total).toBeGreaterThanOrEqual(page.rows.length);

    const drafted = await adam.gaps.draftPattern({ entitlementId: e.id });
    expect(drafted.patternId).toBe(row!.patternId);
    expect(await ours({ minRequesters: 3 })).toEqual([expect.objectContaining({ inDraft: true, published: false })]);

    const audrey = await w.as("audrey.auditor");
    await expect(audrey.policy.suggestedPatterns({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(audrey.gaps.draftPattern({ entitlementId: e.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("gaps.draftPattern for an entitlement NHIs ask for", () => {
  it("covers the kinds of identity that asked, not people alone", async () => {
    const system = await w.prisma.system.findFirstOrThrow({ where: { key: "internal-ca" }, select: { id: true } });
    const e = await w.prisma.entitlement.create({
      data: { systemId: system.id, key: `nhi_${randomUUID().slice(0, 6)}`, name: "Workload certificate", scope: {}, riskTier: "LOW" },
      select: { id: true },
    });
    const riley = await w.person("riley.requester");
    const nhi = await w.prisma.identity.create({ data: { kind: "NHI", nhiType: "WORKLOAD", name: `svc-suggest-${randomUUID().slice(0, 6)}`, displayName: "Suggest workload", ownerId: riley.id }, select: { id: true } });
    await w.prisma.accessRequest.create({ data: { kind: "GRANT", status: "ACTIVE", requesterId: riley.id, subjectId: nhi.id, entitlementId: e.id, scope: {}, justification: "Workload mTLS" } });
    const adam = await w.as("adam.admin");
    const { patternId } = await adam.gaps.draftPattern({ entitlementId: e.id });
    const patterns = ((await adam.policy.draft()).document as { preApprovedPatterns: { id: string; when: { subjectKinds: string[] } }[] }).preApprovedPatterns;
    expect(patterns.find((p) => p.id === patternId)!.when.subjectKinds).toEqual(["NHI"]);
  });
});
