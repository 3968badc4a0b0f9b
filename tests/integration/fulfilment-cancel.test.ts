import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { ConnectorError } from "@/server/connectors/types";
import { runFulfilmentJob } from "@/server/domain/fulfilment/job";
import { approveAll, expectRefusal, fulfilmentJob, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/**
 * A requester withdraws an approved ticket before its access exists, and the ticket closes with
 * CANCELLED evidence showing nothing was granted: before fulfilment, while a credential waits to
 * be collected (read back absent from the issuer), and while a fulfiller by hand has not acted.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

async function approved(ref: string, subject: "me" | "svc-checkout-worker") {
  const riley = await w.as("riley.requester");
  const subjectId = subject === "me" ? (await w.person("riley.requester")).identity!.id : (await w.identity(subject)).id;
  const t = await riley.requests.submit({ kind: "GRANT", entitlementId: (await w.entitlement(ref)).id, subjectId, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24) });
  await approveAll(w, t.number);
  return { riley, t };
}

async function closed(requestId: string) {
  return w.prisma.accessRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { status: true, closedAt: true, grants: { select: { status: true } }, evidence: { select: { kind: true, summary: true, observed: true } } },
  });
}

describe("cancelling an approved ticket", () => {
  it("before fulfilment started: nothing was sent, and the queued job then does nothing", async () => {
    const { riley, t } = await approved("warehouse:marts_read", "me");
    expect(await riley.requests.get({ number: t.number })).toMatchObject({ can: { cancel: true } });
    await riley.requests.cancel({ number: t.number, reason: "The report moved to another team." });
    const after = await closed(t.id);
    expect(after).toMatchObject({ status: "CANCELLED", closedAt: expect.any(Date), grants: [], evidence: [{ kind: "CANCELLED", summary: expect.stringMatching(/^Cancelled before fulfilment started/) }] });
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor)).toMatchObject({ state: "skipped" });
    const actions = (await w.prisma.auditEvent.findMany({ where: { requestId: t.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(["request.cancelled", "evidence.recorded"]);
  });

  it("while its API key waits to be collected: the issuer reads no key for the grant, and none can be collected", async () => {
    const { riley, t } = await approved("api-keys:orders_api_write", "svc-checkout-worker");
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor);
    await riley.requests.cancel({ number: t.number });
    const after = await closed(t.id);
    expect(after).toMatchObject({ status: "CANCELLED", grants: [{ status: "REVOKED" }], evidence: [{ kind: "CANCELLED", observed: expect.objectContaining({ activeVersions: [] }) }] });
    await expectRefusal(riley.requests.collectCredential({ number: t.number }), "PRECONDITION_FAILED", "number");
  });

  it("racing the collection of its key: either the key is collected and the cancel refused, or the cancel wins and no usable key exists", async () => {
    for (let round = 0; round < 3; round++) {
      const { riley, t } = await approved("api-keys:orders_api_write", "svc-checkout-worker");
      await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor);
      const [collect, cancel] = await Promise.allSettled([riley.requests.collectCredential({ number: t.number }), riley.requests.cancel({ number: t.number })]);
      const after = await closed(t.id);
      if (after.status === "ACTIVE") {
        expect(collect.status).toBe("fulfilled");
        expect(cancel.status).toBe("rejected");
      } else {
        expect(after.status).toBe("CANCELLED");
        expect(cancel.status).toBe("fulfilled");
        if (collect.status === "fulfilled") throw new Error("a key was shown for a cancelled ticket");
        const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: t.id }, select: { secrets: { select: { revokedAt: true } } } });
        expect(grant.secrets.every((s) => s.revokedAt !== null)).toBe(true);
      }
    }
  });

  it("while a fulfiller by hand has not acted: the fulfiller is told to stand down", async () => {
    const { riley, t } = await approved("merchant-portal:dispute_handler", "me");
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor)).toMatchObject({ state: "awaiting", delivery: "manual" });
    await riley.requests.cancel({ number: t.number });
    expect(await closed(t.id)).toMatchObject({ status: "CANCELLED", grants: [{ status: "REVOKED" }], evidence: [{ kind: "CANCELLED", summary: expect.stringMatching(/before the fulfiller attested/) }] });
    const notes = await w.prisma.notification.findMany({ where: { requestId: t.id, kind: "fulfilment.manual_task" }, orderBy: { createdAt: "asc" }, select: { title: true, userId: true } });
    expect(notes.map((n) => n.title)).toEqual([expect.stringMatching(/grant by hand$/), expect.stringMatching(/called off$/)]);
    const helen = await w.as("helen.carter");
    await expectRefusal(helen.requests.attestManual({ number: t.number, action: "grant", attestation: "Created the disputes user for Riley in the merchant portal.", artefact: { name: "a.txt", contentBase64: Buffer.from("x").toString("base64") } }), "PRECONDITION_FAILED", "number");
  });

  it("is refused while a connector is carrying it out, and once the access is active", async () => {
    const { riley, t } = await approved("source-org:team_checkout_write", "me");
    const down = { ...connectorFor("WEBHOOK")!, grant: async () => { throw new ConnectorError("connect ECONNREFUSED 127.0.0.1:4010"); } };
    await expect(runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), () => down)).rejects.toBeInstanceOf(ConnectorError);
    expect(await riley.requests.get({ number: t.number })).toMatchObject({ status: "FULFILLING", can: { cancel: false } });
    await expectRefusal(riley.requests.cancel({ number: t.number }), "PRECONDITION_FAILED", "number", /carrying out/);

    const active = await approved("warehouse:finance_mart_read", "me");
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, active.t.id), new Date(), connectorFor);
    await expectRefusal(riley.requests.cancel({ number: active.t.number }), "PRECONDITION_FAILED", "number", /only tickets not granted yet/);
  });
});
