import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import { approveAll, expectRefusal, fulfilmentJob, revokeJob, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * Fulfilment through the installed connectors against their real targets: PostgreSQL roles in
 * the embedded target schemas (read back from pg_auth_members), and a system without an API
 * whose fulfiller attests by hand with an artefact.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

const HOUR = 3_600_000;

async function approved(ref: string, hours: number) {
  const riley = await w.as("riley.requester");
  const me = await w.person("riley.requester");
  const e = await w.entitlement(ref);
  const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(hours) });
  await approveAll(w, t.number);
  return { t, job: await fulfilmentJob(w, t.id) };
}


describe("PostgreSQL roles", () => {
  it("grants a role membership, proves it from pg_auth_members, and revokes it at expiry", async () => {
    const { t, job } = await approved("warehouse:marts_read", 48);
    const outcome = await runFulfilmentJob(w.prisma, job, new Date(), connectorFor);
    expect(outcome).toMatchObject({ state: "active", observation: { present: true } });
    // Read the target ourselves: the identity's role is a member of the entitlement's group role.
    const members = await w.prisma.$queryRaw<{ member: string; grp: string }[]>`
      SELECT m.rolname AS member, g.rolname AS grp FROM pg_auth_members am
      JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
      WHERE g.rolname = 'analytics_read' AND m.rolname = 'riley_requester'`;
    expect(members).toHaveLength(1);
    const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, grants: { select: { id: true, status: true, externalRef: true } } } });
    expect(ticket.status).toBe("ACTIVE");
    expect(ticket.grants[0]).toMatchObject({ status: "ACTIVE", externalRef: "riley_requester in analytics_read@warehouse" });
    const granted = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: t.id, kind: "GRANTED" }, select: { connectorType: true, summary: true } });
    expect(granted.connectorType).toBe("POSTGRES");

    // Running the job again (a retry after a crash) changes nothing.
    expect(await runFulfilmentJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "skipped" });
    expect(await w.prisma.grant.count({ where: { requestId: t.id } })).toBe(1);

    const later = new Date(Date.now() + 49 * HOUR);
    expect(await runRevokeJob(w.prisma, revokeJob(ticket.grants[0]!.id), later, connectorFor)).toMatchObject({ state: "revoked" });
    const after = await w.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
      WHERE g.rolname = 'analytics_read' AND m.rolname = 'riley_requester'`;
    expect(Number(after[0]!.n)).toBe(0);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true } })).status).toBe("CLOSED");
    expect(await w.prisma.closureEvidence.count({ where: { requestId: t.id, kind: "REVOKED" } })).toBe(1);
  });
});

describe("a job killed half-way", () => {
  it("is healed by the retry: the target was changed but nothing recorded, and the rerun records it once", async () => {
    const { t, job } = await approved("staging-db:staging_read", 6);
    // The first run changes the target, then dies before recording anything.
    const crashing = (type: Parameters<typeof connectorFor>[0]) => {
      const real = connectorFor(type)!;
      return { ...real, grant: async (...args: Parameters<typeof real.grant>) => { await real.grant(...args); throw new Error("worker killed"); } };
    };
    await expect(runFulfilmentJob(w.prisma, job, new Date(), crashing)).rejects.toThrow("worker killed");
    expect(await w.prisma.grant.findMany({ where: { requestId: t.id }, select: { status: true } })).toEqual([{ status: "PENDING" }]);
    expect(await runFulfilmentJob(w.prisma, { ...job, attempts: 2 }, new Date(), connectorFor)).toMatchObject({ state: "active" });
    expect(await w.prisma.grant.findMany({ where: { requestId: t.id }, select: { status: true } })).toEqual([{ status: "ACTIVE" }]);
    expect(await w.prisma.closureEvidence.count({ where: { requestId: t.id, kind: "GRANTED" } })).toBe(1);
    expect(await w.prisma.auditEvent.count({ where: { requestId: t.id, action: "grant.created" } })).toBe(1);
  });
});

describe("a system without an API", () => {
  it("waits for its fulfiller, who attests the change with an artefact whose hash is kept", async () => {
    const { t, job } = await approved("merchant-portal:dispute_handler", 48);
    expect(await runFulfilmentJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "awaiting", delivery: "manual" });
    const helenId = (await w.person("helen.carter")).id;
    const tasks = () => w.prisma.notification.findMany({ where: { requestId: t.id, kind: "fulfilment.manual_task" }, select: { userId: true, title: true } });
    expect(await tasks()).toEqual([{ userId: helenId, title: expect.stringMatching(/grant by hand$/) }]);
    const artefact = { name: "merchant-portal-user.png", contentBase64: Buffer.from("screenshot of the new user in the merchant portal").toString("base64") };
    const input = { number: t.number, action: "grant" as const, attestation: "Created the disputes user for Riley in the merchant portal.", artefact };
    // Only the system's owner (Helen Carter) or an admin fulfils it; the requester never does.
    const riley = await w.as("riley.requester");
    await expectRefusal(riley.requests.attestManual(input), "FORBIDDEN", "number");
    const helen = await w.as("helen.carter");
    const done = await helen.requests.attestManual(input);
    expect(done.artefactSha256).toMatch(/^[0-9a-f]{64}$/);
    const evidence = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: t.id, kind: "GRANTED" }, select: { artefactSha256: true, attestedById: true, connectorType: true } });
    expect(evidence).toEqual({ artefactSha256: done.artefactSha256, attestedById: (await w.person("helen.carter")).id, connectorType: "MANUAL" });
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true } })).status).toBe("ACTIVE");

    // At expiry the portal cannot remove it: the grant waits, REVOKING, until the fulfiller attests the removal.
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: t.id }, select: { id: true } });
    expect(await runRevokeJob(w.prisma, revokeJob(grant.id), new Date(), connectorFor)).toEqual({ state: "awaiting", grantId: grant.id });
    expect((await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true } })).status).toBe("REVOKING");
    expect((await tasks()).map((n) => n.title)).toEqual([expect.stringMatching(/grant by hand$/), expect.stringMatching(/remove by hand$/)]);
    await helen.requests.attestManual({ ...input, action: "revoke", attestation: "Deleted Riley's disputes user from the merchant portal." });
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true } })).status).toBe("CLOSED");
    expect(await w.prisma.closureEvidence.count({ where: { requestId: t.id, kind: "REVOKED", attestedById: { not: null } } })).toBe(1);
  });
});
