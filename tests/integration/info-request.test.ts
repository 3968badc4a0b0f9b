import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideStage } from "@/server/domain/workflow/decide";
import { expectRefusal, inHours, key, seededWorld, WHY, type World } from "./requests-world";

/** The open question on a ticket as the ticket page reads it: who asked, for whom, and who may answer. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
}, 180_000);

afterAll(async () => {
  await w?.db.drop();
});

async function submitForRiley() {
  const riley = await w.as("riley.requester");
  const me = await w.person("riley.requester");
  const e = await w.entitlement("servicedesk:queue_admin");
  const ticket = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(24) });
  expect(ticket.status).toBe("PENDING_APPROVAL");
  return ticket;
}

const viewer = (local: string) => w.prisma.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, name: true, email: true, department: true, roles: true } });

describe("requests.openQuestion", () => {
  it("shows the question to the requester (who may answer) and to the approver (who may not), and clears once answered", async () => {
    const t = await submitForRiley();
    const riley = await w.as("riley.requester");
    const avery = await w.as("avery.approver");
    expect(await riley.requests.openQuestion({ number: t.number })).toBeNull();

    await decideStage(w.prisma, await viewer("avery.approver"), { number: t.number, outcome: "REQUEST_INFO", comment: "Which queues do you need?" });
    const asked = await riley.requests.openQuestion({ number: t.number });
    expect(asked).toMatchObject({ stageName: "Manager", question: "Which queues do you need?", askedBy: "Avery Approver", onBehalfOf: null, canAnswer: true });
    expect(asked!.askedAt).toBeInstanceOf(Date);
    expect(await avery.requests.openQuestion({ number: t.number })).toMatchObject({ question: "Which queues do you need?", canAnswer: false });

    await riley.requests.answerInfo({ number: t.number, answer: "Only the payments queue." });
    expect(await riley.requests.openQuestion({ number: t.number })).toBeNull();
  });

  it("names the approver a delegate asked for", async () => {
    const t = await submitForRiley();
    const avery = await viewer("avery.approver");
    const adam = await viewer("adam.admin");
    await w.prisma.delegation.create({ data: { delegatorId: avery.id, delegateId: adam.id, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 3_600_000) } });
    await decideStage(w.prisma, adam, { number: t.number, outcome: "REQUEST_INFO", comment: "Is this for the on-call rota?" });
    const riley = await w.as("riley.requester");
    expect(await riley.requests.openQuestion({ number: t.number })).toMatchObject({ askedBy: "Adam Admin", onBehalfOf: "Avery Approver", canAnswer: true });
  });

  it("answers NOT_FOUND for a ticket the viewer may not see", async () => {
    const t = await submitForRiley();
    const stranger = await w.as("laura.bianchi");
    await expectRefusal(stranger.requests.openQuestion({ number: t.number }), "NOT_FOUND", "number");
  });
});
