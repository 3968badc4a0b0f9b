import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { expectRefusal, seededWorld, type World } from "./requests-world";

/**
 * The fulfiller's task list (fulfilment.myTasks) over the seeded merchant portal, the one system
 * without an API: Helen Carter owns it, and the seed leaves a set-up (Oliver Grant's settlement
 * reports, FULFILLING) and a removal (Raj Patel's dispute handler, REVOKING) waiting on her.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

async function expectForbidden(call: Promise<unknown>, message?: RegExp) {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("FORBIDDEN");
  if (message) expect((error as TRPCError).message).toMatch(message);
}

async function seededTask(status: "FULFILLING" | "REVOKING") {
  const row = await w.prisma.accessRequest.findFirstOrThrow({
    where: { status, system: { key: "merchant-portal" } },
    select: { id: true, number: true, grants: { select: { id: true } } },
  });
  return { ...row, ref: formatRequestNumber(row.number), grantId: row.grants[0]!.id };
}

describe("fulfilment.myTasks", () => {
  it("lists what waits on the system's owner, oldest first, with the scope and due date", async () => {
    const helen = await w.as("helen.carter");
    const setUp = await seededTask("FULFILLING");
    const removal = await seededTask("REVOKING");
    const list = await helen.fulfilment.myTasks();
    const byNumber = new Map(list.items.map((t) => [t.number, t]));
    expect(byNumber.get(setUp.ref)).toMatchObject({
      action: "grant",
      grantId: setUp.grantId,
      identity: { name: "oliver.grant" },
      entitlement: "Settlement reports",
      system: { key: "merchant-portal", name: "Card processor merchant portal" },
      scopeSummary: "app: merchant-portal · role: reports",
      dueAt: null,
      blockedReason: null,
    });
    const remove = byNumber.get(removal.ref)!;
    expect(remove).toMatchObject({ action: "remove", grantId: removal.grantId, identity: { name: "raj.patel" }, entitlement: "Dispute handler" });
    expect(remove.dueAt).toBeInstanceOf(Date);
    expect(list.items.every((t) => t.system.key === "merchant-portal")).toBe(true);
    const times = list.items.map((t) => t.waitingSince.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(list.open).toBe(list.items.length);
  });

  it("shows an admin every system's tasks, and another system's owner none of them", async () => {
    const fromHelen = await (await w.as("helen.carter")).fulfilment.myTasks();
    const fromAdam = await (await w.as("adam.admin")).fulfilment.myTasks();
    expect(fromAdam.items.map((t) => t.grantId)).toEqual(expect.arrayContaining(fromHelen.items.map((t) => t.grantId)));

    // Avery owns no system without an API: no task list at all.
    await expectForbidden((await w.as("avery.approver")).fulfilment.myTasks());
    // Once Avery owns one, they have a list, and nothing of Helen's is on it.
    const avery = await w.person("avery.approver");
    await w.prisma.system.create({ data: { key: "badge-printer", name: "Badge printer", description: "Prints visitor badges; no API.", connectorType: "MANUAL", connectorConfig: {}, ownerId: avery.id, riskTier: "LOW", environment: "PRODUCTION" } });
    expect(await (await w.as("avery.approver")).fulfilment.myTasks()).toEqual({ open: 0, items: [] });
  });

  it("is FORBIDDEN to a requester who fulfils nothing", async () => {
    await expectForbidden((await w.as("riley.requester")).fulfilment.myTasks(), /owners of systems fulfilled by hand/);
  });
});

describe("the ticket page for the fulfiller", () => {
  it("shows the owner the ticket they must set up, with the attestation to make, and nothing before approval", async () => {
    const setUp = await seededTask("FULFILLING");
    const helen = await w.as("helen.carter");
    const ticket = await helen.requests.get({ number: setUp.ref });
    expect(ticket.can.attest).toBe("grant");
    expect((await (await w.as("adam.admin")).requests.get({ number: setUp.ref })).can.attest).toBe("grant");
    // The requester sees the ticket but fulfils nothing; an auditor reads it only.
    expect((await (await w.as("audrey.auditor")).requests.get({ number: setUp.ref })).can.attest).toBeNull();

    // A merchant-portal ticket still waiting for approval has nothing for Helen to do: she does not see it.
    const pending = await w.prisma.accessRequest.findFirstOrThrow({ where: { status: "PENDING_APPROVAL", system: { key: "merchant-portal" }, requester: { email: { not: "helen.carter@acme.example" } }, assignments: { none: { approver: { email: "helen.carter@acme.example" } } } }, select: { number: true } });
    await expectRefusal(helen.requests.get({ number: pending.number }), "NOT_FOUND", "number");
  });

  it("after the attestation, shows who attested and the artefact's hash, and the task is gone", async () => {
    const setUp = await seededTask("FULFILLING");
    const helen = await w.as("helen.carter");
    const bytes = Buffer.from("settlement reports user for Oliver Grant, screenshot");
    const done = await helen.requests.attestManual({
      number: setUp.ref,
      action: "grant",
      attestation: "Created Oliver Grant's user with the reports role in the merchant portal.",
      artefact: { name: "oliver-reports.txt", contentBase64: bytes.toString("base64") },
    });
    expect(done.artefactSha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    const ticket = await helen.requests.get({ number: setUp.ref });
    expect(ticket.status).toBe("ACTIVE");
    expect(ticket.can.attest).toBeNull();
    // The access set up by hand ends when the ticket says, like any other grant.
    expect(ticket.grants[0]).toMatchObject({ status: "ACTIVE", expiresAt: ticket.expiresAt });
    expect(ticket.expiresAt).toBeInstanceOf(Date);
    const evidence = ticket.evidence.find((e) => e.kind === "GRANTED")!;
    expect(evidence).toMatchObject({ artefactSha256: done.artefactSha256, attestedBy: { name: "Helen Carter" }, connectorType: "MANUAL" });
    expect((await helen.fulfilment.myTasks()).items.some((t) => t.number === setUp.ref)).toBe(false);

    const removal = await seededTask("REVOKING");
    expect((await helen.requests.get({ number: removal.ref })).can.attest).toBe("revoke");
  });
});
