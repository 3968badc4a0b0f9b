import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { runFulfilmentJob } from "@/server/domain/fulfilment/job";
import { listOverdueRevocations } from "@/server/domain/fulfilment/overdue";
import { approveAll, fulfilmentJob, inHours, key, seededWorld, type World, WHY } from "./requests-world";

/** What the ticket page and the overdue revocations page read about a grant, its evidence and its revocation. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

describe("the ticket's grants and evidence", () => {
  it("offers the key to its owner only while it waits, then shows the active grant with the evidence read back", async () => {
    const riley = await w.as("riley.requester");
    const adam = await w.as("adam.admin");
    const nhi = await w.identity("svc-checkout-worker");
    const e = await w.entitlement("api-keys:events_ingest_key");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24) });
    await approveAll(w, t.number);
    const claimed = await fulfilmentJob(w, t.id);
    await runFulfilmentJob(w.prisma, claimed, new Date(), connectorFor);

    const waiting = await riley.requests.get({ number: t.number });
    expect(waiting.status).toBe("FULFILLING");
    expect(waiting.can.collectCredential).toBe("SECRET");
    expect(waiting.grants).toEqual([expect.objectContaining({ type: "SECRET", status: "PENDING", connectorType: "API_KEY", grantedAt: null })]);
    expect(waiting.evidence).toEqual([]);
    expect((await adam.requests.get({ number: t.number })).can.collectCredential).toBeNull();

    await riley.requests.collectCredential({ number: t.number });
    const active = await riley.requests.get({ number: t.number });
    expect(active.can.collectCredential).toBeNull();
    const grant = active.grants[0]!;
    expect(grant).toMatchObject({ status: "ACTIVE", connectorType: "API_KEY", externalRef: expect.any(String), grantedAt: expect.any(Date), lastVerifiedAt: expect.any(Date) });
    expect(active.evidence).toEqual([
      expect.objectContaining({ grantId: grant.id, kind: "GRANTED", connectorType: "API_KEY", summary: expect.any(String), verifiedAt: expect.any(Date) }),
    ]);
    expect(active.evidence[0]!.observed).toMatchObject({ externalRef: expect.any(String) });

    // Past its expiry, the grant is overdue until revoked; its revocation job's last error comes with it.
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect((await listOverdueRevocations(w.prisma, new Date())).items.map((i) => i.grantId)).not.toContain(grant.id);
    let overdue = (await listOverdueRevocations(w.prisma, later)).items.find((i) => i.grantId === grant.id);
    expect(overdue).toMatchObject({ number: active.number, status: "ACTIVE", entitlement: "Event ingestion key", identity: { name: "svc-checkout-worker" }, job: null });
    await w.prisma.job.create({
      data: { type: "fulfilment.revoke", payload: { grantId: grant.id, reason: "expired" }, dedupeKey: `revoke:${grant.id}`, requestId: t.id, status: "QUEUED", attempts: 2, lastError: "ConnectorError: target unreachable" },
    });
    overdue = (await listOverdueRevocations(w.prisma, later)).items.find((i) => i.grantId === grant.id);
    expect(overdue?.job).toMatchObject({ status: "QUEUED", attempts: 2, maxAttempts: 8, lastError: "ConnectorError: target unreachable" });
  });
});
