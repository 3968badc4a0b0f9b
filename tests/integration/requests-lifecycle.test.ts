import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, inHours, key, newNhi, seededWorld, WHY, type World } from "./requests-world";

/** Idempotency, transactions, the ticket page, cancel, comment, renew and "my requests". */
let w: World;
let riley: Awaited<ReturnType<World["as"]>>;
let me: Awaited<ReturnType<World["person"]>>;

beforeAll(async () => {
  w = await seededWorld();
  riley = await w.as("riley.requester");
  me = await w.person("riley.requester");
});

afterAll(async () => {
  await w?.db.drop();
});

async function agentRequest(idempotencyKey = key()) {
  const e = await w.entitlement("servicedesk:agent");
  return { kind: "GRANT" as const, entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, idempotencyKey };
}

describe("idempotent submit", () => {
  it("returns the same ticket for the same key and writes nothing the second time", async () => {
    const input = await agentRequest();
    const first = await riley.requests.submit(input);
    const before = await w.counts();
    const again = await riley.requests.submit(input);
    expect(again).toEqual({ ...first, created: false });
    expect(await w.counts()).toEqual(before);
  });

  it("creates one ticket when two submits with one key race", async () => {
    const input = await agentRequest();
    const before = await w.counts();
    const [a, b] = await Promise.all([riley.requests.submit(input), riley.requests.submit(input)]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await w.counts()).requests).toBe(before.requests + 1);
    expect(await w.prisma.auditEvent.count({ where: { requestId: a.id, action: "request.submitted" } })).toBe(1);
  });
});

describe("one transaction", () => {
  it("leaves neither ticket, NHI nor events when the audit append fails after the ticket insert", async () => {
    const marcus = await w.person("marcus.oyelaran");
    const e = await w.entitlement("staging-db:staging_app_rw");
    const nhi = newNhi(me.id, marcus.id);
    const before = await w.counts();
    // A database-side failure on the audit insert, which comes after every other write.
    await w.db.withSession((s) =>
      s.exec(`CREATE FUNCTION fail_policy_decided() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'policy.decided' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER fail_policy_decided BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION fail_policy_decided();`),
    );
    try {
      const input = { kind: "EXCEPTION" as const, exceptionType: "AUTOMATION" as const, entitlementId: e.id, justification: WHY, expiresAt: inHours(240), idempotencyKey: key(), newNhi: nhi };
      await expect(riley.requests.submit(input)).rejects.toThrow();
    } finally {
      await w.db.withSession((s) => s.exec(`DROP TRIGGER fail_policy_decided ON "AuditEvent"; DROP FUNCTION fail_policy_decided();`));
    }
    expect(await w.counts()).toEqual(before);
    expect(await w.prisma.identity.count({ where: { name: nhi.name } })).toBe(0);
  });
});

describe("the ticket", () => {
  it("shows its header, stages, pinned policy and timeline to the requester", async () => {
    const e = await w.entitlement("orders-db:orders_write");
    const submitted = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY, expiresAt: inHours(48), idempotencyKey: key() });
    const ticket = await riley.requests.get({ number: submitted.reference });
    expect(ticket).toMatchObject({
      number: submitted.reference,
      status: "PENDING_APPROVAL",
      requester: { email: me.email },
      subject: { displayName: expect.any(String), kind: "HUMAN" },
      entitlement: { name: e.name },
      system: { key: "orders-db" },
      decision: { route: "WORKFLOW", ruleId: "high-risk", workflow: { key: "manager-and-owner" } },
      policy: { version: expect.any(Number), contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      can: { cancel: true, comment: true, renew: false },
    });
    expect(ticket.decision!.reasons.length).toBeGreaterThan(0);
    expect(ticket.stages.map((s) => [s.name, s.status])).toEqual([["Manager", "PENDING"], ["Resource owner", "WAITING"]]);
    expect(ticket.stages[0]!.approvers).toMatchObject([{ email: "avery.approver@acme.example", assignment: "OPEN", decision: null }]);
    expect(ticket.timeline.map((t) => t.action)).toEqual(["request.submitted", "policy.decided", "approval.stage_opened"]);
    expect(ticket.timeline[0]!.actor).toEqual({ id: me.id, name: me.name });
  });

  it("is visible to its approver and an auditor, and NOT_FOUND for another requester", async () => {
    const submitted = await riley.requests.submit(await agentRequest());
    expect((await (await w.as("avery.approver")).requests.get({ number: submitted.number })).number).toBe(submitted.reference);
    expect((await (await w.as("audrey.auditor")).requests.get({ number: submitted.number })).number).toBe(submitted.reference);
    await expectRefusal((await w.as("marcus.oyelaran")).requests.get({ number: submitted.number }), "NOT_FOUND", "number");
    await expectRefusal((await w.as("marcus.oyelaran")).requests.comment({ number: submitted.number, body: "Me too" }), "NOT_FOUND", "number");
  });

  it("reads a seeded ticket for an auditor: stored reasons, decisions and the timeline with actor names", async () => {
    const seeded = await w.prisma.accessRequest.findFirstOrThrow({ where: { status: "CLOSED", decisionRoute: "WORKFLOW" }, orderBy: { number: "asc" }, select: { number: true } });
    const ticket = await (await w.as("audrey.auditor")).requests.get({ number: seeded.number });
    expect(ticket.decision!.reasons.length).toBeGreaterThan(0);
    expect(ticket.stages.every((s) => s.status === "APPROVED")).toBe(true);
    expect(ticket.stages[0]!.decisions[0]).toMatchObject({ outcome: "APPROVE", approver: { name: expect.any(String) } });
    expect(ticket.grants.length).toBeGreaterThan(0);
    expect(ticket.timeline.map((t) => t.action)).toContain("request.submitted");
    expect(ticket.timeline.map((t) => Number(t.seq))).toEqual([...ticket.timeline.map((t) => Number(t.seq))].sort((a, b) => a - b));
  });

  it("takes comments from anyone who can see it, with an audit event", async () => {
    const submitted = await riley.requests.submit(await agentRequest());
    await (await w.as("avery.approver")).requests.comment({ number: submitted.number, body: "Which queue do you need?" });
    await riley.requests.comment({ number: submitted.reference, body: "The checkout escalations queue." });
    const ticket = await riley.requests.get({ number: submitted.number });
    expect(ticket.comments.map((c) => [c.author.email, c.body])).toEqual([
      ["avery.approver@acme.example", "Which queue do you need?"],
      [me.email, "The checkout escalations queue."],
    ]);
    expect(ticket.timeline.filter((t) => t.action === "comment.added")).toHaveLength(2);
  });

  it("is cancelled by its requester while pending, withdrawing the assignments", async () => {
    const submitted = await riley.requests.submit(await agentRequest());
    await expectRefusal((await w.as("avery.approver")).requests.cancel({ number: submitted.number }), "FORBIDDEN", "number");
    expect(await riley.requests.cancel({ number: submitted.number, reason: "Found another way" })).toEqual({ number: submitted.reference, status: "CANCELLED" });
    const ticket = await riley.requests.get({ number: submitted.number });
    expect(ticket.status).toBe("CANCELLED");
    expect(ticket.stages[0]).toMatchObject({ status: "SKIPPED", approvers: [{ assignment: "WITHDRAWN" }] });
    expect(ticket.timeline.at(-1)).toMatchObject({ action: "request.cancelled", actor: { id: me.id } });
    await expectRefusal(riley.requests.cancel({ number: submitted.number }), "PRECONDITION_FAILED", "number");
  });

  it("renews active access as a new GRANT ticket linked to the old one", async () => {
    const active = await w.prisma.accessRequest.findFirstOrThrow({
      where: { requesterId: me.id, status: "ACTIVE", kind: "GRANT", expiresAt: { gt: new Date() }, subject: { userId: me.id } },
      select: { number: true, entitlementId: true, subjectId: true },
    });
    const before = (await riley.requests.get({ number: active.number })).can;
    expect(before.renew).toBe(true);
    const renewed = await riley.requests.renew({ number: active.number, justification: `${WHY}, continued for the next release`, expiresAt: inHours(100), idempotencyKey: key() });
    const child = await riley.requests.get({ number: renewed.number });
    expect(child).toMatchObject({ kind: "GRANT", parent: { number: expect.stringMatching(/^AR-/) }, entitlement: { id: active.entitlementId }, subject: { id: active.subjectId } });
    const parent = await riley.requests.get({ number: active.number });
    expect(parent.children.map((c) => c.number)).toContain(renewed.reference);
    const pending = await w.prisma.accessRequest.findFirstOrThrow({ where: { requesterId: me.id, status: "PENDING_APPROVAL" }, select: { number: true } });
    await expectRefusal(riley.requests.renew({ number: pending.number, justification: WHY, expiresAt: inHours(10), idempotencyKey: key() }), "PRECONDITION_FAILED", "number");
  });
});

describe("my requests", () => {
  it("pages, sorts, filters and searches the tickets I filed or that are for me or my NHIs", async () => {
    const all = await riley.requests.mine({ pageSize: 100 });
    expect(all.total).toBeGreaterThan(5);
    expect(all.items.every((r) => r.relation !== "requester" || r.requester.id === me.id)).toBe(true);
    const page2 = await riley.requests.mine({ pageSize: 3, page: 2, sort: "number", dir: "asc" });
    expect(page2.items.map((r) => r.numberValue)).toEqual(all.items.map((r) => r.numberValue).sort((a, b) => a - b).slice(3, 6));
    const cancelled = await riley.requests.mine({ status: ["CANCELLED"], pageSize: 100 });
    expect(cancelled.items.every((r) => r.status === "CANCELLED")).toBe(true);
    const exceptions = await riley.requests.mine({ kind: ["EXCEPTION"], pageSize: 100 });
    expect(exceptions.items.every((r) => r.kind === "EXCEPTION")).toBe(true);
    const first = all.items[0]!;
    const byNumber = await riley.requests.mine({ q: first.number });
    expect(byNumber.items.map((r) => r.id)).toContain(first.id);
    const byText = await riley.requests.mine({ q: "weekly reliability review", pageSize: 100 });
    expect(byText.total).toBeGreaterThan(0);
    expect(byText.total).toBeLessThan(all.total);
    const marcus = await (await w.as("marcus.oyelaran")).requests.mine({ q: "weekly reliability review" });
    expect(marcus.total).toBe(0);
  });
});
