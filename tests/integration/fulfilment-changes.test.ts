import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { checkApiKey } from "@/server/domain/credentials/api-key-check";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import type { ClaimedJob } from "@/server/jobs/types";
import { approveAll, fulfilmentJob, revokeJob, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * Tickets that change access someone already holds, carried out against the real targets: a
 * ROTATE issues the next key version on its own grant and retires the old one after the overlap,
 * a REVOKE removes the grant it names and closes with the read-back, and a MODIFY grants the new
 * entitlement before it takes the old one away.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

const MIN = 60_000;

/** The revocation job a change queued for the grant it replaced, as the runner claims it. */
async function queuedRevocation(grantId: string): Promise<ClaimedJob & { runAt: Date }> {
  const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `revoke:${grantId}` }, select: { id: true, type: true, payload: true, maxAttempts: true, requestId: true, runAt: true } });
  return { ...job, attempts: 1 };
}

async function membership(group: string, member = "riley_requester"): Promise<number> {
  const rows = await w.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
    WHERE g.rolname = ${group} AND m.rolname = ${member}`;
  return Number(rows[0]!.n);
}

async function activeGrant(ref: string, subjectId: string, hours = 48) {
  const riley = await w.as("riley.requester");
  const t = await riley.requests.submit({ kind: "GRANT", entitlementId: (await w.entitlement(ref)).id, subjectId, justification: WHY, idempotencyKey: key(), expiresAt: inHours(hours) });
  await approveAll(w, t.number);
  await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor);
  return t;
}

describe("a ROTATE ticket", () => {
  it("issues the next key version on its own grant, shown once; the old version works through the overlap and its grant is then revoked", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const first = await activeGrant("api-keys:orders_api_write", nhi.id, 24 * 30);
    const v1 = await riley.requests.collectCredential({ number: first.number });
    const oldGrant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: first.id }, select: { id: true } });

    const rotation = await riley.requests.submit({ kind: "ROTATE", grantId: oldGrant.id, justification: WHY, idempotencyKey: key() });
    expect(rotation.status).toBe("AUTO_APPROVED");
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, rotation.id), new Date(), connectorFor)).toMatchObject({ state: "awaiting", delivery: "collect" });
    const rotatedAt = new Date();
    const v2 = await riley.requests.collectCredential({ number: rotation.number });
    expect(v2.value).not.toBe(v1.value);

    const ticket = await w.prisma.accessRequest.findUniqueOrThrow({
      where: { id: rotation.id },
      select: { status: true, grants: { select: { id: true, status: true, secrets: { select: { version: true, rotatedFromId: true } } } }, evidence: { select: { kind: true, connectorType: true } } },
    });
    expect(ticket).toMatchObject({ status: "ACTIVE", grants: [{ status: "ACTIVE", secrets: [{ version: 2, rotatedFromId: expect.any(String) }] }], evidence: [{ kind: "ROTATED", connectorType: "API_KEY" }] });
    // The new version ends when the one it replaces would have: the grant, its ticket and the key agree.
    const [oldEnd, newEnd] = await Promise.all([oldGrant.id, ticket.grants[0]!.id].map(async (id) => (await w.prisma.grant.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })).expiresAt));
    expect(newEnd).toEqual(oldEnd);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: rotation.id }, select: { expiresAt: true } })).expiresAt).toEqual(oldEnd);
    expect((await w.prisma.secret.findFirstOrThrow({ where: { grantId: ticket.grants[0]!.id }, select: { expiresAt: true } })).expiresAt).toEqual(oldEnd);
    const events = (await w.prisma.auditEvent.findMany({ where: { requestId: rotation.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(events).toContain("grant.superseded");

    // Both versions work during the overlap (60 minutes by default); the old grant's revocation is queued for its end.
    expect(await checkApiKey(w.prisma, v1.value, new Date())).toMatchObject({ valid: true, version: 1 });
    expect(await checkApiKey(w.prisma, v2.value, new Date())).toMatchObject({ valid: true, version: 2 });
    const job = await queuedRevocation(oldGrant.id);
    expect(job.payload).toMatchObject({ grantId: oldGrant.id, superseded: true, reason: `superseded by ${v2.number}` });
    expect(Math.abs(job.runAt.getTime() - (rotatedAt.getTime() + 60 * MIN))).toBeLessThan(MIN);

    const end = new Date(job.runAt.getTime() + 1000);
    expect(await runRevokeJob(w.prisma, job, end, connectorFor)).toMatchObject({ state: "revoked" });
    expect(await checkApiKey(w.prisma, v1.value, end)).toMatchObject({ valid: false });
    expect(await checkApiKey(w.prisma, v2.value, end)).toMatchObject({ valid: true, version: 2 });
    const old = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, evidence: { where: { kind: "REVOKED" }, select: { id: true } } } });
    expect(old.status).toBe("CLOSED");
    expect(old.evidence).toHaveLength(1);
  });
});

describe("a REVOKE ticket", () => {
  it("removes the grant it names from the target, and both tickets close with the read-back", async () => {
    const riley = await w.as("riley.requester");
    const me = await w.person("riley.requester");
    const granted = await activeGrant("warehouse:marts_read", me.identity!.id);
    expect(await membership("analytics_read")).toBe(1);
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: granted.id }, select: { id: true } });

    const removal = await riley.requests.submit({ kind: "REVOKE", grantId: grant.id, justification: WHY, idempotencyKey: key() });
    expect(removal.status).toBe("AUTO_APPROVED");
    const job = await fulfilmentJob(w, removal.id);
    expect(await runFulfilmentJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "closed" });
    expect(await membership("analytics_read")).toBe(0);

    for (const id of [granted.id, removal.id]) {
      const t = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id }, select: { status: true, closedAt: true, evidence: { where: { kind: "REVOKED" }, select: { grantId: true, connectorType: true, observed: true } } } });
      expect(t.status).toBe("CLOSED");
      expect(t.evidence).toEqual([{ grantId: grant.id, connectorType: "POSTGRES", observed: expect.objectContaining({ memberRole: "riley_requester", membership: [] }) }]);
    }
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: removal.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(["fulfilment.started", "evidence.recorded", "request.closed"]);
    // A retry of the job changes nothing.
    expect(await runFulfilmentJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "skipped" });
    // Each ticket links to the other.
    expect((await riley.requests.get({ number: removal.number })).grantChanges).toEqual([{ relation: "acts on", kind: "GRANT", number: granted.reference, status: "CLOSED" }]);
    expect((await riley.requests.get({ number: granted.number })).grantChanges).toEqual([{ relation: "acted on by", kind: "REVOKE", number: removal.reference, status: "CLOSED" }]);
  });

  it("closes with the evidence of an earlier removal when the grant expired before the ticket ran", async () => {
    const riley = await w.as("riley.requester");
    const me = await w.person("riley.requester");
    const granted = await activeGrant("warehouse:raw_events_read", me.identity!.id);
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: granted.id }, select: { id: true } });
    const removal = await riley.requests.submit({ kind: "REVOKE", grantId: grant.id, justification: WHY, idempotencyKey: key() });
    const later = new Date(Date.now() + 49 * 3_600_000);
    expect(await runRevokeJob(w.prisma, revokeJob(grant.id), later, connectorFor)).toMatchObject({ state: "revoked" });
    // The expiry's revocation closed the REVOKE ticket only once it was FULFILLING; it was still AUTO_APPROVED.
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, removal.id), later, connectorFor)).toMatchObject({ state: "closed", summary: expect.stringMatching(/^Already removed: /) });
    const t = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: removal.id }, select: { status: true, evidence: { select: { kind: true, grantId: true } } } });
    expect(t).toEqual({ status: "CLOSED", evidence: [{ kind: "REVOKED", grantId: grant.id }] });
  });
});

describe("a MODIFY ticket", () => {
  it("grants the new entitlement, verifies it, then removes the old membership", async () => {
    const riley = await w.as("riley.requester");
    const me = await w.person("riley.requester");
    const granted = await activeGrant("warehouse:marts_read", me.identity!.id);
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: granted.id }, select: { id: true } });
    const change = await riley.requests.submit({ kind: "MODIFY", grantId: grant.id, entitlementId: (await w.entitlement("warehouse:marts_write")).id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(48) });
    await approveAll(w, change.number);
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, change.id), new Date(), connectorFor)).toMatchObject({ state: "active" });
    expect(await membership("analytics_write")).toBe(1);
    expect(await membership("analytics_read")).toBe(1);
    const modified = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: change.id }, select: { kind: true } });
    expect(modified.kind).toBe("MODIFIED");

    const job = await queuedRevocation(grant.id);
    expect(job.payload).toMatchObject({ reason: `replaced by ${change.reference}`, superseded: false });
    expect(await runRevokeJob(w.prisma, job, new Date(), connectorFor)).toMatchObject({ state: "revoked" });
    expect(await membership("analytics_read")).toBe(0);
    expect(await membership("analytics_write")).toBe(1);
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: granted.id }, select: { status: true } })).status).toBe("CLOSED");
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: change.id }, select: { status: true } })).status).toBe("ACTIVE");
  });
});

describe("an exception's limits at fulfilment", () => {
  it("sets a vendor session up when its window opens and ends it at the window's end, whatever the ticket says", async () => {
    const kenji = await w.as("kenji.watanabe");
    const sofia = await w.person("sofia.lindqvist");
    const vendor = await w.identity("vendor.dbcare-consultant");
    const e = await w.entitlement("orders-db:orders_read");
    const t = await kenji.requests.submit({ kind: "EXCEPTION", exceptionType: "VENDOR", entitlementId: e.id, subjectId: vendor.id, sponsorId: sofia.id, vendorWindowStart: inHours(1), vendorWindowEnd: inHours(5), expiresAt: inHours(5), justification: WHY, idempotencyKey: key() });
    await approveAll(w, t.number);
    const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, vendorWindowStart: true, vendorWindowEnd: true } });
    expect(ticket.status).toBe("APPROVED");
    const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `fulfil:${t.id}` }, select: { runAt: true } });
    expect(job.runAt).toEqual(ticket.vendorWindowStart);

    // Suppose the ticket's expiry had been stretched past the window (by hand in the database): the grant still ends with the window.
    await w.prisma.accessRequest.update({ where: { id: t.id }, data: { expiresAt: new Date(ticket.vendorWindowEnd!.getTime() + 3 * 3_600_000) } });
    const opens = new Date(ticket.vendorWindowStart!.getTime() + 1000);
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), opens, connectorFor)).toMatchObject({ state: "active" });
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: t.id }, select: { expiresAt: true, grantedAt: true } });
    expect(grant).toEqual({ grantedAt: opens, expiresAt: ticket.vendorWindowEnd });
    expect((await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { expiresAt: true } })).expiresAt).toEqual(ticket.vendorWindowEnd);
  });

  it("fails a vendor session whose window is over before it could be set up, granting nothing", async () => {
    const kenji = await w.as("kenji.watanabe");
    const sofia = await w.person("sofia.lindqvist");
    const vendor = await w.identity("vendor.dbcare-consultant");
    const t = await kenji.requests.submit({ kind: "EXCEPTION", exceptionType: "VENDOR", entitlementId: (await w.entitlement("orders-db:orders_support_read")).id, subjectId: vendor.id, sponsorId: sofia.id, vendorWindowStart: inHours(1), vendorWindowEnd: inHours(3), expiresAt: inHours(3), justification: WHY, idempotencyKey: key() });
    await approveAll(w, t.number);
    const late = new Date(Date.now() + 4 * 3_600_000);
    await expect(runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), late, connectorFor)).rejects.toThrow(/window is over/);
    const after = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, failureReason: true, grants: { select: { id: true } } } });
    expect(after).toEqual({ status: "FAILED", failureReason: expect.stringMatching(/window is over/), grants: [] });
  });
});
