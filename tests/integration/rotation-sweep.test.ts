import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { runFulfilmentJob } from "@/server/domain/fulfilment/job";
import { sweepRotations } from "@/server/domain/fulfilment/rotation-sweep";
import { approveAll, fulfilmentJob, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/** The rotation sweep opens a rotation for every NHI credential past its rotation period, once. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

const DAY = 86_400_000;

describe("rotation sweep", () => {
  it("files one ROTATE ticket per credential past its NHI's rotation period, for the owner, and never twice", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const period = 30;
    await w.prisma.identity.update({ where: { id: nhi.id }, data: { rotationPeriodDays: period } });
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: (await w.entitlement("api-keys:orders_api_write")).id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24 * 60) });
    await approveAll(w, t.number);
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor);
    await riley.requests.collectCredential({ number: t.number });
    const grant = await w.prisma.grant.findFirstOrThrow({ where: { requestId: t.id }, select: { id: true } });
    const rotationsOf = () => w.prisma.accessRequest.findMany({ where: { kind: "ROTATE", scope: { path: ["grantId"], equals: grant.id } }, select: { id: true, number: true, status: true, requesterId: true, justification: true } });

    // Catch up on the seeded credentials first; the fresh key is not due yet.
    const logs: string[] = [];
    for (let round = 0; round < 20 && (await sweepRotations(w.prisma, new Date(), { log: (l) => logs.push(l) })).filed > 0; round++);
    expect(logs).toEqual([]);
    expect(await rotationsOf()).toEqual([]);
    const seededDue = await sweepRotations(w.prisma, new Date());
    expect(seededDue).toEqual({ due: 0, filed: 0, failed: 0 });

    const due = new Date(Date.now() + (period + 1) * DAY);
    const first = await sweepRotations(w.prisma, due);
    expect(first.failed).toBe(0);
    const [rotation] = await rotationsOf();
    const rileyId = (await w.person("riley.requester")).id;
    expect(rotation).toMatchObject({ status: "AUTO_APPROVED", requesterId: rileyId, justification: expect.stringMatching(/^Scheduled rotation: the API key of svc-checkout-worker was issued \d+ days ago, past its rotation period of \d+ days\.$/) });
    const submitted = await w.prisma.auditEvent.findFirstOrThrow({ where: { requestId: rotation!.id, action: "request.submitted" }, select: { actorType: true, actorId: true, data: true } });
    expect(submitted).toMatchObject({ actorType: "SYSTEM", actorId: null, data: expect.objectContaining({ filedFor: rileyId }) });

    // The owner is told to collect the new version once fulfilment has prepared it.
    expect(await runFulfilmentJob(w.prisma, await fulfilmentJob(w, rotation!.id), due, connectorFor)).toMatchObject({ state: "awaiting", delivery: "collect" });
    expect(await w.prisma.notification.count({ where: { requestId: rotation!.id, userId: rileyId, kind: "fulfilment.credential_ready" } })).toBe(1);

    // A rotation under way is not due again.
    await sweepRotations(w.prisma, due);
    await sweepRotations(w.prisma, new Date(due.getTime() + DAY));
    expect(await rotationsOf()).toHaveLength(1);
  });
});
