import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError, type Connector } from "@/server/connectors/types";
import { runRevokeJob } from "@/server/domain/fulfilment/job";
import { EXPIRY_SWEEP_JOB, overdueRevocations, queueExpiredRevocations, REVOKE_GRANT_JOB } from "@/server/domain/fulfilment/revoke";
import { PermanentJobError } from "@/server/jobs/types";
import { revokeJob, seededWorld, type World } from "./requests-world";

/**
 * Expiry and revocation: the sweep queues one revocation per expired grant, and a grant whose
 * target cannot confirm the removal stays REVOKING, on the overdue list, never silently active.
 * The success path, with what verify reads back, is tested per connector against its target.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

const down = (retryable: boolean): Connector => ({
  type: "WEBHOOK",
  grant: async () => ({ externalRef: "unused" }),
  revoke: async () => {
    throw new ConnectorError("connect ECONNREFUSED 127.0.0.1:4010", retryable);
  },
  verify: async () => ({ present: true, observed: {}, summary: "still there" }),
});


describe("expiry sweep", () => {
  it("queues one revocation per grant past its expiry, once", async () => {
    const now = new Date();
    const due = await w.prisma.grant.count({ where: { status: { in: ["ACTIVE", "REVOKING"] }, expiresAt: { lte: now } } });
    expect(due).toBeGreaterThan(0);
    expect(await queueExpiredRevocations(w.prisma, now)).toBe(due);
    expect(await queueExpiredRevocations(w.prisma, now)).toBe(0);
    expect(await w.prisma.job.count({ where: { type: REVOKE_GRANT_JOB } })).toBe(due);
    expect(EXPIRY_SWEEP_JOB).toBe("grants.expiry_sweep");
  });
});

describe("revoking a grant", () => {
  it("keeps a grant whose target is down REVOKING and on the overdue list, with its ticket", async () => {
    const now = new Date();
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", connectorType: "WEBHOOK", request: { status: "ACTIVE" } }, select: { id: true, requestId: true } });
    await expect(runRevokeJob(w.prisma, revokeJob(grant.id), now, () => down(true))).rejects.toBeInstanceOf(ConnectorError);
    expect(await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true, revokedAt: true } })).toEqual({ status: "REVOKING", revokedAt: null });
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: grant.requestId }, select: { status: true } })).status).toBe("REVOKING");
    expect((await overdueRevocations(w.prisma, now)).map((g) => g.id)).toContain(grant.id);
    // A retry that cannot help fails the job; the grant stays where people can see it.
    await expect(runRevokeJob(w.prisma, revokeJob(grant.id, 2), now, () => down(false))).rejects.toBeInstanceOf(PermanentJobError);
    expect((await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true } })).status).toBe("REVOKING");
    expect(await w.prisma.closureEvidence.count({ where: { grantId: grant.id, kind: "REVOKED" } })).toBe(0);
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: grant.requestId, action: "request.revoking" }, select: { data: true } })).length;
    expect(actions).toBe(1);
  });

  it("never records a revocation that verify does not confirm", async () => {
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", connectorType: "WEBHOOK" }, select: { id: true } });
    const claims: Connector = { ...down(true), revoke: async () => {} };
    await expect(runRevokeJob(w.prisma, revokeJob(grant.id), new Date(), () => claims)).rejects.toThrow(/still shows the access/);
    expect((await w.prisma.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true } })).status).toBe("REVOKING");
  });

  it("skips a grant that is not active", async () => {
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { status: "REVOKED" }, select: { id: true } });
    expect(await runRevokeJob(w.prisma, revokeJob(grant.id), new Date(), () => down(true))).toEqual({ state: "skipped", reason: "The grant is not active." });
  });
});
