import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gapReport, gapSummary } from "@/server/domain/gaps/report";
import { GAP_PAGE_SIZE, type GapKind } from "@/server/domain/gaps/types";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { seededWorld, type World } from "./requests-world";

/**
 * Each gap report on crafted data: the gap is made in the seeded database through Prisma, and the
 * report must find exactly what was made, next to whatever the seed already holds.
 */
let w: World;
const now = () => new Date();
const DAY = 86_400_000;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

async function allRows(kind: GapKind) {
  const first = await gapReport(w.prisma, now(), { kind, page: 1 });
  const rows = [...first.rows];
  for (let page = 2; (page - 1) * GAP_PAGE_SIZE < first.total; page++) rows.push(...(await gapReport(w.prisma, now(), { kind, page })).rows);
  expect(rows).toHaveLength(first.total);
  return rows;
}

async function newFindings(kind: GapKind, craft: () => Promise<void>) {
  const before = new Set((await allRows(kind)).map((r) => r.id));
  const countBefore = (await gapSummary(w.prisma, now())).find((s) => s.kind === kind)!.count;
  await craft();
  const after = await allRows(kind);
  const countAfter = (await gapSummary(w.prisma, now())).find((s) => s.kind === kind)!.count;
  const added = after.filter((r) => !before.has(r.id));
  expect(countAfter - countBefore).toBe(added.length);
  return added;
}

async function ticketFor(subjectId: string, extra: Record<string, unknown> = {}) {
  const riley = await w.person("riley.requester");
  return w.prisma.accessRequest.create({
    data: { kind: "GRANT", requesterId: riley.id, subjectId, scope: { role: "read" }, justification: "Imported from the previous access tool", ...extra },
    select: { id: true, number: true, requesterId: true },
  });
}

async function nhiOwnedBy(ownerId: string | null, backupOwnerId: string | null, extra: Record<string, unknown> = {}) {
  return w.prisma.identity.create({
    data: { kind: "NHI", nhiType: "SERVICE_ACCOUNT", name: `svc-gap-${randomUUID().slice(0, 8)}`, displayName: "Gap report fixture", ownerId, backupOwnerId, ...extra },
    select: { id: true, name: true },
  });
}

describe("gap reports", () => {
  it("finds a CLOSED ticket with no closure evidence, and not one that has evidence", async () => {
    const riley = await w.person("riley.requester");
    let bare = { number: 0 };
    const added = await newFindings("closedWithoutEvidence", async () => {
      bare = await ticketFor(riley.identity!.id, { status: "CLOSED", closedAt: new Date(Date.now() - DAY) });
      const proven = await ticketFor(riley.identity!.id, { status: "CLOSED", closedAt: new Date() });
      await w.prisma.closureEvidence.create({ data: { requestId: proven.id, kind: "REVOKED", connectorType: "MANUAL", observed: {}, summary: "Read back: gone" } });
    });
    expect(added).toEqual([expect.objectContaining({ ticket: formatRequestNumber(bare.number), identity: expect.objectContaining({ id: riley.identity!.id }), why: expect.stringMatching(/no closure evidence/) })]);
  });

  it("finds an active grant pushed past its expiry, with how long it is overdue", async () => {
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", expiresAt: { gt: new Date() } }, select: { id: true } });
    const added = await newFindings("expiredNotRevoked", async () => {
      await w.prisma.grant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() - 3 * 3_600_000 - 60_000) } });
    });
    expect(added).toEqual([expect.objectContaining({ grantId: grant.id, why: "Expired 3 h ago and still active on the target." })]);
  });

  it("finds NHIs whose owner or backup owner is missing or inactive, each in its own report", async () => {
    const avery = await w.person("avery.approver");
    let gone = { id: "" };
    let orphan = { id: "" };
    let noBackup = { id: "" };
    const craft = async () => {
      if (gone.id) return;
      gone = await w.prisma.user.create({ data: { email: `left-${randomUUID().slice(0, 8)}@acme.example`, name: "Lee Left", department: "Platform", active: false }, select: { id: true } });
      orphan = await nhiOwnedBy(gone.id, avery.id);
      noBackup = await nhiOwnedBy(avery.id, null);
      await nhiOwnedBy(null, null, { status: "DECOMMISSIONED" });
    };
    const owners = await newFindings("nhiWithoutOwner", craft);
    expect(owners).toEqual([expect.objectContaining({ identity: expect.objectContaining({ id: orphan.id }), why: "The owner, Lee Left, is no longer an active user." })]);
    const backups = await newFindings("nhiWithoutBackupOwner", craft);
    expect(backups).toEqual([]);
    const all = await allRows("nhiWithoutBackupOwner");
    expect(all.filter((r) => r.id === noBackup.id)).toEqual([expect.objectContaining({ why: "No backup owner is recorded." })]);
    expect(all.some((r) => r.id === orphan.id)).toBe(false);
  });

  it("finds live keys and certificates older than the rotation period, and not fresh, rotated or revoked ones", async () => {
    const avery = await w.person("avery.approver");
    const adam = await w.person("adam.admin");
    const grant = await w.prisma.grant.findFirstOrThrow({ select: { id: true } });
    const ids: Record<string, string> = {};
    const secret = (identityId: string, label: string, ageDays: number, extra: Record<string, unknown> = {}) =>
      w.prisma.secret.create({
        data: { grantId: grant.id, identityId, label, fingerprint: randomUUID(), prefix: "ak_gap", createdAt: new Date(Date.now() - ageDays * DAY), ...extra },
        select: { id: true },
      });
    const added = await newFindings("pastRotation", async () => {
      const nhi = await nhiOwnedBy(avery.id, adam.id, { rotationPeriodDays: 30 });
      ids.stale = (await secret(nhi.id, "stale", 40)).id;
      await secret(nhi.id, "fresh", 10);
      await secret(nhi.id, "revoked", 40, { revokedAt: new Date() });
      const old = await secret(nhi.id, "rotated", 50);
      await secret(nhi.id, "rotated", 5, { rotatedFromId: old.id, version: 2 });
      ids.cert = (
        await w.prisma.certificate.create({
          data: { grantId: grant.id, identityId: nhi.id, serialNumber: randomUUID(), fingerprintSha256: randomUUID(), subjectDn: "CN=gap", issuerDn: "CN=ca", pem: "-", notBefore: new Date(Date.now() - 45 * DAY), notAfter: new Date(Date.now() + 300 * DAY) },
          select: { id: true },
        })
      ).id;
      const noPeriod = await nhiOwnedBy(avery.id, adam.id);
      await secret(noPeriod.id, "no period", 400);
    });
    expect(added.map((r) => r.id).sort()).toEqual([ids.stale, ids.cert].sort());
    expect(added.find((r) => r.id === ids.cert)!.why).toMatch(/^Certificate still live 1[45] d .* past its 30-day rotation period\.$/);
    expect(added.find((r) => r.id === ids.stale)!.why).toMatch(/^API key still live (9|10) d/);
  });

  it("finds approvals by the requester, by the subject's person, and by an NHI's owners alone above the policy's tier", async () => {
    const riley = await w.person("riley.requester");
    const avery = await w.person("avery.approver");
    const adam = await w.person("adam.admin");
    const stage = (requestId: string) =>
      w.prisma.approvalStage.create({ data: { requestId, position: 1, name: "Imported", selector: {}, quorum: 1, slaHours: 24, status: "APPROVED" }, select: { id: true } });
    const decide = async (requestId: string, approverId: string, outcome: "APPROVE" | "DENY" = "APPROVE") => {
      const s = await stage(requestId);
      return w.prisma.approvalDecision.create({ data: { stageId: s.id, requestId, approverId, outcome }, select: { id: true } });
    };
    const made: Record<string, string> = {};
    const added = await newFindings("sodBreaches", async () => {
      const own = await ticketFor(avery.identity!.id, { status: "ACTIVE", riskTier: "LOW" });
      made.requester = (await decide(own.id, riley.id)).id;
      const self = await ticketFor(avery.identity!.id, { status: "ACTIVE", riskTier: "LOW" });
      made.subject = (await decide(self.id, avery.id)).id;
      const denied = await ticketFor(adam.identity!.id, { status: "DENIED" });
      await decide(denied.id, riley.id, "DENY");
      const nhi = await nhiOwnedBy(avery.id, adam.id);
      const high = await ticketFor(nhi.id, { status: "ACTIVE", riskTier: "HIGH", decidedAt: new Date() });
      await decide(high.id, avery.id);
      made.owners = high.id;
      const low = await ticketFor(nhi.id, { status: "ACTIVE", riskTier: "MEDIUM" });
      await decide(low.id, avery.id);
    });
    expect(added.map((r) => r.id).sort()).toEqual([`REQUESTER:${made.requester}`, `SUBJECT:${made.subject}`, `NHI_OWNERS_ONLY:${made.owners}`].sort());
    expect(added.find((r) => r.id.startsWith("REQUESTER"))!.why).toBe("Riley Requester approved a ticket they requested themselves.".replace("Riley Requester", riley.name));
    expect(added.find((r) => r.id.startsWith("NHI_OWNERS_ONLY"))!.why).toMatch(/Only the NHI's owners approved this HIGH-risk access/);
  });

  it("finds an entitlement asked for by enough different people within the window, and drafts a pattern for it", async () => {
    const system = await w.prisma.system.findFirstOrThrow({ where: { key: "warehouse" }, select: { id: true, key: true } });
    const e = await w.prisma.entitlement.create({ data: { systemId: system.id, key: `gap_${randomUUID().slice(0, 6)}`, name: "Gap report dashboards", scope: { role: "read" }, riskTier: "LOW", maxTtlHours: 72 }, select: { id: true, key: true } });
    const subject = (await w.person("riley.requester")).identity!.id;
    const people = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => w.prisma.user.create({ data: { email: `rec-${n}-${randomUUID().slice(0, 6)}@acme.example`, name: `Recurring ${n}`, department: "Data" }, select: { id: true } })),
    );
    const file = (requesterId: string, daysAgo: number, status = "ACTIVE") =>
      w.prisma.accessRequest.create({ data: { kind: "GRANT", status: status as "ACTIVE", requesterId, subjectId: subject, entitlementId: e.id, scope: {}, justification: "Weekly reporting", createdAt: new Date(Date.now() - daysAgo * DAY) } });
    for (const [i, p] of people.slice(0, 4).entries()) await file(p.id, i + 1);
    await file(people[0]!.id, 2);
    await file(people[4]!.id, 40);
    await file(people[4]!.id, 1, "DRAFT");
    const ours = async (input: { minRequesters?: number; withinDays?: number } = {}) =>
      (await gapReport(w.prisma, now(), { kind: "recurringRequests", ...input })).rows.filter((r) => r.id === e.id);
    expect(await ours()).toEqual([]);
    expect(await ours({ minRequesters: 4 })).toEqual([expect.objectContaining({ entitlement: { id: e.id, ref: `warehouse:${e.key}` }, why: "Requested by 4 different people in 5 tickets within 30 days." })]);
    expect(await ours({ withinDays: 60 })).toEqual([expect.objectContaining({ why: "Requested by 5 different people in 6 tickets within 60 days." })]);

    const adam = await w.as("adam.admin");
    const first = await adam.gaps.draftPattern({ entitlementId: e.id });
    await adam.gaps.draftPattern({ entitlementId: e.id });
    const draft = await adam.policy.draft();
    const patterns = (draft.document as { preApprovedPatterns: { id: string; when: unknown; maxTtlHours: number | null }[] }).preApprovedPatterns;
    expect(patterns.filter((p) => p.id === first.patternId)).toEqual([
      expect.objectContaining({ when: { kinds: ["GRANT"], subjectKinds: ["HUMAN"], entitlements: [`warehouse:${e.key}`] }, maxTtlHours: 72 }),
    ]);
    expect(draft.errors).toEqual([]);
    const audrey = await w.as("audrey.auditor");
    await expect(audrey.gaps.draftPattern({ entitlementId: e.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("finds a membership on the embedded PostgreSQL target that no grant explains, and not one a grant explains", async () => {
    // Roles are global to a PostgreSQL server, where other test files grant in parallel: only this test's group role is looked at.
    const system = await w.prisma.system.findFirstOrThrow({ where: { key: "warehouse" }, select: { id: true } });
    const group = `gap_orphan_${randomUUID().slice(0, 8)}`;
    const e = await w.prisma.entitlement.create({ data: { systemId: system.id, key: group, name: "Orphan check", scope: { role: group, database: "warehouse" }, riskTier: "LOW" }, select: { id: true } });
    const avery = await w.person("avery.approver");
    const stray = await nhiOwnedBy(avery.id, null);
    const granted = await nhiOwnedBy(avery.id, null);
    const [strayRole, grantedRole] = [stray.name, granted.name].map((n) => n.replace(/-/g, "_"));
    const t = await ticketFor(granted.id, { status: "ACTIVE", entitlementId: e.id });
    await w.prisma.grant.create({
      data: { requestId: t.id, identityId: granted.id, entitlementId: e.id, type: "ENTITLEMENT", status: "ACTIVE", connectorType: "POSTGRES", scope: { role: group }, externalRef: `${grantedRole} in ${group}@warehouse` },
    });
    for (const role of [group, strayRole, grantedRole]) await w.prisma.$executeRawUnsafe(`CREATE ROLE "${role}" NOLOGIN`);
    try {
      await w.prisma.$executeRawUnsafe(`GRANT "${group}" TO "${strayRole}", "${grantedRole}"`);
      const ours = (await allRows("orphanMemberships")).filter((r) => r.id.startsWith(`${group}|`));
      expect(ours).toEqual([
        expect.objectContaining({ id: `${group}|${strayRole}`, identity: expect.objectContaining({ id: stray.id }), why: `Role ${strayRole} is a member of ${group} (pg_auth_members) and no grant explains it.` }),
      ]);
    } finally {
      for (const role of [strayRole, grantedRole, group]) await w.prisma.$executeRawUnsafe(`DROP ROLE IF EXISTS "${role}"`);
    }
  });

  it("pages each report and counts every one in the summary", async () => {
    const summary = await gapSummary(w.prisma, now());
    expect(summary.map((s) => s.kind)).toEqual(["closedWithoutEvidence", "expiredNotRevoked", "nhiWithoutOwner", "nhiWithoutBackupOwner", "pastRotation", "sodBreaches", "orphanMemberships", "recurringRequests"]);
    for (const s of summary) expect(s.count).toBeGreaterThanOrEqual(s.kind === "nhiWithoutOwner" || s.kind === "closedWithoutEvidence" ? 1 : 0);
    const beyond = await gapReport(w.prisma, now(), { kind: "closedWithoutEvidence", page: 999 });
    expect(beyond.rows).toEqual([]);
  });

  it("answers auditors and refuses everyone else", async () => {
    const audrey = await w.as("audrey.auditor");
    expect((await audrey.gaps.summary()).length).toBe(8);
    expect((await audrey.gaps.report({ kind: "expiredNotRevoked", page: 1 })).kind).toBe("expiredNotRevoked");
    const adam = await w.as("adam.admin");
    await expect(adam.gaps.summary()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
