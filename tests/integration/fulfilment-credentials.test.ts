import { createPrivateKey, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { checkApiKey } from "@/server/domain/credentials/api-key-check";
import { runFulfilmentJob, runRevokeJob } from "@/server/domain/fulfilment/job";
import { approveAll, expectRefusal, fulfilmentJob, revokeJob, inHours, key, seededWorld, type World, WHY } from "./requests-world";

/**
 * Credentials collected once, through the real API-key and certificate-authority connectors: approved, queued,
 * collected once by its owner, checked, then revoked at expiry with the evidence verify read back.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

const HOUR = 3_600_000;

describe("an API key for an NHI", () => {
  it("is collected once by its owner, works, and is refused after it is revoked at expiry", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const e = await w.entitlement("api-keys:orders_api_write");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24) });
    await approveAll(w, t.number);
    const claimed = await fulfilmentJob(w, t.id);
    expect(await runFulfilmentJob(w.prisma, claimed, new Date(), connectorFor)).toMatchObject({ state: "awaiting", delivery: "collect" });

    // Somebody else may see the ticket but not take the key.
    const adam = await w.as("adam.admin");
    await expectRefusal(adam.requests.collectCredential({ number: t.number }), "FORBIDDEN", "number");

    const collected = await riley.requests.collectCredential({ number: t.number });
    expect(collected.value.startsWith(collected.prefix)).toBe(true);
    expect(collected.value.length).toBeGreaterThanOrEqual(40);
    await expectRefusal(riley.requests.collectCredential({ number: t.number }), "CONFLICT", "number", /already issued and shown once/);

    const ticket = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, grants: { select: { id: true, status: true, externalRef: true } } } });
    expect(ticket.status).toBe("ACTIVE");
    expect(ticket.grants).toEqual([{ id: expect.any(String), status: "ACTIVE", externalRef: expect.any(String) }]);
    const evidence = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: t.id, kind: "GRANTED" }, select: { connectorType: true, summary: true } });
    expect(evidence.connectorType).toBe("API_KEY");
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: t.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions.slice(-4)).toEqual(["credential.collected", "grant.created", "evidence.recorded", "request.activated"]);

    // The key itself rests nowhere: not in the secret rows, the audit trail or the job queue.
    const dump = JSON.stringify([await w.prisma.secret.findMany(), await w.prisma.auditEvent.findMany({ where: { requestId: t.id } }), await w.prisma.job.findMany({ where: { requestId: t.id } })], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(dump).not.toContain(collected.value);
    expect(await checkApiKey(w.prisma, collected.value, new Date())).toMatchObject({ valid: true });

    // At expiry the sweep's job revokes it; verify reads the key gone, and the ticket closes.
    const later = new Date(Date.now() + 25 * HOUR);
    const grantId = ticket.grants[0]!.id;
    expect(await runRevokeJob(w.prisma, revokeJob(grantId), later, connectorFor)).toMatchObject({ state: "revoked" });
    const closed = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, closedAt: true, grants: { select: { status: true, revokedAt: true } } } });
    expect(closed).toEqual({ status: "CLOSED", closedAt: later, grants: [{ status: "REVOKED", revokedAt: later }] });
    const removal = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: t.id, kind: "REVOKED" }, select: { observed: true } });
    expect(removal.observed).toMatchObject({ externalRef: expect.any(String) });
    expect(await checkApiKey(w.prisma, collected.value, later)).toMatchObject({ valid: false });
  });

  it("a workload certificate is collected with its private key once, and the CRL lists it after revocation", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const e = await w.entitlement("internal-ca:mtls_client_cert");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24) });
    await approveAll(w, t.number);
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor)).toMatchObject({ state: "awaiting", delivery: "collect" });
    const collected = await riley.requests.collectCredential({ number: t.number });
    expect(createPrivateKey(collected.value).asymmetricKeyType).toBe("ec");
    const row = await w.prisma.certificate.findFirstOrThrow({ where: { grant: { requestId: t.id } }, select: { pem: true, serialNumber: true } });
    const cert = new X509Certificate(row.pem);
    expect(cert.subject).toContain("svc-checkout-worker");
    expect(cert.checkPrivateKey(createPrivateKey(collected.value))).toBe(true);
    expect(JSON.stringify(await w.prisma.certificate.findMany())).not.toContain(collected.value.split("\n")[1]);

    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: t.id }, select: { id: true, status: true } });
    expect(grant.status).toBe("ACTIVE");
    expect(await runRevokeJob(w.prisma, revokeJob(grant.id), new Date(), connectorFor)).toMatchObject({ state: "revoked" });
    const removal = await w.prisma.closureEvidence.findFirstOrThrow({ where: { requestId: t.id, kind: "REVOKED" }, select: { connectorType: true, observed: true } });
    expect(removal.connectorType).toBe("CERTIFICATE_AUTHORITY");
    expect(JSON.stringify(removal.observed)).toContain(row.serialNumber);
  });
});
