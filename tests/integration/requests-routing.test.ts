import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicyDocument } from "@/server/domain/policy/default-document";
import { policyContentHash } from "@/server/domain/policy/hash";
import { expectRefusal, inHours, key, newNhi, seededWorld, WHY, type World } from "./requests-world";

/** Each routing path of policy version 1, through preview and submit, on the demo organisation. */
let w: World;
let riley: Awaited<ReturnType<World["as"]>>;
let me: Awaited<ReturnType<World["person"]>>;
const SECURITY = ["victor.almeida@acme.example", "nadia.rahman@acme.example", "felix.wagner@acme.example", "adam.admin@acme.example"];

beforeAll(async () => {
  w = await seededWorld();
  riley = await w.as("riley.requester");
  me = await w.person("riley.requester");
});

afterAll(async () => {
  await w?.db.drop();
});

async function grantFor(subjectId: string, ref: string, extra: Record<string, unknown> = {}) {
  const e = await w.entitlement(ref);
  return { kind: "GRANT" as const, entitlementId: e.id, subjectId, justification: WHY, idempotencyKey: key(), ...extra };
}

async function ticketRow(id: string) {
  return w.prisma.accessRequest.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      policyRuleId: true,
      decisionRoute: true,
      decisionReasons: true,
      approverPath: true,
      policyVersionId: true,
      workflow: { select: { key: true, policyVersionId: true } },
      scope: true,
      stages: { orderBy: { position: "asc" }, select: { name: true, status: true, quorum: true, dueAt: true, assignments: { select: { status: true, approver: { select: { email: true } } } } } },
      auditEvents: { orderBy: { seq: "asc" }, select: { action: true, actorId: true } },
    },
  });
}

const emails = (stage: { assignments: { approver: { email: string } }[] }) => stage.assignments.map((a) => a.approver.email).sort();

describe("routing", () => {
  it("auto-approves under a pre-approved pattern, for the hours asked", async () => {
    const input = await grantFor(me.identity!.id, "staging-db:staging_read", { expiresAt: inHours(4) });
    const preview = await riley.requests.preview(input);
    expect(preview.decision).toMatchObject({ route: "AUTO_APPROVE", preApprovedPattern: { id: "pa-eng-nonprod-read" } });
    expect(preview.autoApprovedFor).toBeCloseTo(4, 0);
    expect(preview.workflow).toBeNull();
    expect(preview.problems).toEqual({});

    const ticket = await riley.requests.submit(input);
    expect(ticket).toMatchObject({ status: "AUTO_APPROVED", created: true });
    expect(ticket.reference).toMatch(/^AR-\d{6}$/);
    const row = await ticketRow(ticket.id);
    const current = await w.prisma.policyVersion.findFirstOrThrow({ orderBy: { version: "desc" }, select: { id: true } });
    expect(row).toMatchObject({ decisionRoute: "AUTO_APPROVE", policyRuleId: "pre-approved", policyVersionId: current.id, stages: [] });
    expect(row.scope).toMatchObject({ system: "staging-db", entitlement: "staging_read", identity: "riley.requester", role: "staging_read" });
    expect(row.decisionReasons).toMatchObject({ facts: { request: { kind: "GRANT", entitlement: { ref: "staging-db:staging_read" } }, context: { subjectHolds: expect.any(Array) } } });
    expect(row.auditEvents.map((e) => e.action)).toEqual(["request.submitted", "policy.decided", "request.auto_approved"]);
  });

  it("routes low-risk production access to the manager", async () => {
    const ticket = await riley.requests.submit(await grantFor(me.identity!.id, "servicedesk:agent"));
    const row = await ticketRow(ticket.id);
    expect(row).toMatchObject({ status: "PENDING_APPROVAL", policyRuleId: "default", workflow: { key: "manager-approval", policyVersionId: row.policyVersionId } });
    expect(row.stages).toHaveLength(1);
    expect(row.stages[0]).toMatchObject({ status: "PENDING", quorum: 1, dueAt: expect.any(Date) });
    expect(emails(row.stages[0]!)).toEqual(["avery.approver@acme.example"]);
    expect(row.auditEvents.map((e) => e.action)).toEqual(["request.submitted", "policy.decided", "approval.stage_opened"]);
  });

  it("routes high-risk access to the manager, then the resource owner", async () => {
    const input = await grantFor(me.identity!.id, "orders-db:orders_write", { expiresAt: inHours(100) });
    const preview = await riley.requests.preview(input);
    expect(preview.workflow?.key).toBe("manager-and-owner");
    expect(preview.workflow?.stages.map((s) => s.approvers.map((a) => a.email))).toEqual([["avery.approver@acme.example"], ["sofia.lindqvist@acme.example"]]);
    const row = await ticketRow((await riley.requests.submit(input)).id);
    expect(row.stages.map((s) => s.status)).toEqual(["PENDING", "WAITING"]);
    expect(emails(row.stages[0]!)).toEqual(["avery.approver@acme.example"]);
    // Only the deciding stage has assignments; the next one is opened when it is its turn.
    expect(row.stages[1]!.assignments).toEqual([]);
    expect(row.approverPath).toMatchObject([{ name: "Manager" }, { name: "Resource owner", approvers: [{ email: "sofia.lindqvist@acme.example" }] }]);
  });

  it("sends privileged critical access to the resource owner and a security review of two", async () => {
    const input = await grantFor(me.identity!.id, "orders-db:orders_migrator", { expiresAt: inHours(6) });
    const preview = await riley.requests.preview(input);
    expect(preview.decision?.risk.tier).toBe("CRITICAL");
    expect(preview.workflow?.key).toBe("security-review");
    const review = preview.workflow!.stages[1]!;
    expect(review.quorum).toBe(2);
    expect(review.approvers.length).toBeGreaterThanOrEqual(2);
    expect(review.approvers.every((a) => SECURITY.includes(a.email))).toBe(true);
    const row = await ticketRow((await riley.requests.submit(input)).id);
    expect(row.stages.map((s) => [s.name, s.quorum])).toEqual([["Resource owner", 1], ["Security review", 2]]);
  });

  it("asks the backup owner, not the requesting owner, for a high-risk NHI grant", async () => {
    const nhi = await w.identity("svc-checkout-worker");
    const input = await grantFor(nhi.id, "orders-db:orders_app_rw", { expiresAt: inHours(1000) });
    const preview = await riley.requests.preview(input);
    expect(preview.workflow?.key).toBe("nhi-owner-and-resource-owner");
    const path = preview.workflow!.stages.map((s) => s.approvers.map((a) => a.email));
    expect(path).toEqual([["avery.approver@acme.example"], ["sofia.lindqvist@acme.example"]]);
    expect(path.flat()).not.toContain("riley.requester@acme.example");
    const row = await ticketRow((await riley.requests.submit(input)).id);
    expect(emails(row.stages[0]!)).toEqual(["avery.approver@acme.example"]);
  });

  it("grants a break-glass request at once within the 4-hour cap, with a follow-up review by security", async () => {
    const e = await w.entitlement("orders-db:orders_write");
    const base = { kind: "EXCEPTION" as const, exceptionType: "EMERGENCY" as const, incidentId: "INC-2041", entitlementId: e.id, subjectId: me.identity!.id, justification: WHY };
    await expectRefusal(riley.requests.submit({ ...base, expiresAt: inHours(6), idempotencyKey: key() }), "BAD_REQUEST", "expiresAt", /at most 4 hours from now \(policy cap for EMERGENCY exceptions\)/);
    const ticket = await riley.requests.submit({ ...base, expiresAt: inHours(3), idempotencyKey: key() });
    expect(ticket.status).toBe("AUTO_APPROVED");
    const row = await w.prisma.accessRequest.findUniqueOrThrow({ where: { id: ticket.id }, select: { incidentId: true, followUpDueAt: true, exceptionType: true, stages: { select: { id: true } } } });
    expect(row).toMatchObject({ incidentId: "INC-2041", exceptionType: "EMERGENCY", followUpDueAt: expect.any(Date), stages: [] });
    const review = await w.prisma.accessRequest.findFirstOrThrow({ where: { parentRequestId: ticket.id }, select: { kind: true, workflow: { select: { key: true } }, stages: { select: { name: true, assignments: { select: { approver: { select: { email: true } } } } } } } });
    expect(review).toMatchObject({ kind: "REVIEW", workflow: { key: "break-glass" } });
    expect(review.stages[0]!.name).toBe("Security follow-up review");
    expect(emails(review.stages[0]!).every((m) => SECURITY.includes(m))).toBe(true);
  });

  it("routes a vendor session to its sponsor, then a different resource approver", async () => {
    const kenji = await w.as("kenji.watanabe");
    const sofia = await w.person("sofia.lindqvist");
    const vendor = await w.identity("vendor.dbcare-consultant");
    const e = await w.entitlement("orders-db:orders_read");
    const ticket = await kenji.requests.submit({
      kind: "EXCEPTION",
      exceptionType: "VENDOR",
      entitlementId: e.id,
      subjectId: vendor.id,
      sponsorId: sofia.id,
      vendorWindowStart: inHours(1),
      vendorWindowEnd: inHours(5),
      expiresAt: inHours(5),
      justification: WHY,
      idempotencyKey: key(),
    });
    const row = await ticketRow(ticket.id);
    expect(row.workflow?.key).toBe("vendor-sponsor");
    // Sofia decides, or her delegate on her behalf while she is away (the demo has such a delegation).
    const sponsorStage = await w.prisma.approvalAssignment.findMany({ where: { requestId: ticket.id }, select: { approverId: true, onBehalfOfId: true } });
    expect(sponsorStage.map((a) => a.onBehalfOfId ?? a.approverId)).toEqual([sofia.id]);
    // Sofia also owns orders-db: four eyes send the second stage to her escalation target.
    const path = row.approverPath as { approvers: { email: string }[] }[];
    expect(path[1]!.approvers.map((a) => a.email)).toEqual(["priya.raman@acme.example"]);
  });

  it("registers a new NHI through an AUTOMATION request, in the same transaction as the ticket", async () => {
    const marcus = await w.person("marcus.oyelaran");
    const e = await w.entitlement("staging-db:staging_app_rw");
    const nhi = newNhi(me.id, marcus.id);
    const before = await w.counts();
    const input = { kind: "EXCEPTION" as const, exceptionType: "AUTOMATION" as const, entitlementId: e.id, justification: WHY, expiresAt: inHours(24 * 20), idempotencyKey: key(), newNhi: nhi };
    const preview = await riley.requests.preview(input);
    expect(preview.workflow?.key).toBe("automation-onboarding");
    expect(await w.counts()).toEqual(before);

    const ticket = await riley.requests.submit(input);
    const identity = await w.prisma.identity.findUniqueOrThrow({ where: { name: nhi.name }, select: { id: true, kind: true, ownerId: true, backupOwnerId: true, dependencies: true, rotationPeriodDays: true } });
    expect(identity).toMatchObject({ kind: "NHI", ownerId: me.id, backupOwnerId: marcus.id, dependencies: ["staging-db"], rotationPeriodDays: 90 });
    const row = await ticketRow(ticket.id);
    expect(row.auditEvents.map((x) => x.action)).toEqual(["nhi.registered", "request.submitted", "policy.decided", "approval.stage_opened"]);
    expect(row.scope).toMatchObject({ identity: nhi.name });
    expect(await w.prisma.accessRequest.count({ where: { id: ticket.id, subjectId: identity.id } })).toBe(1);
    expect(await w.counts()).toMatchObject({ requests: before.requests + 1, identities: before.identities + 1 });
  });

  it("removes access without approval, and lets an owner rotate their NHI's secret", async () => {
    const own = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", type: "ENTITLEMENT", identity: { userId: me.id } }, select: { id: true } });
    const revoke = await riley.requests.submit({ kind: "REVOKE", grantId: own.id, justification: WHY, idempotencyKey: key() });
    expect((await ticketRow(revoke.id)).policyRuleId).toBe("revoke-self-service");
    expect(revoke.status).toBe("AUTO_APPROVED");
    const secret = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", type: "SECRET", identity: { ownerId: me.id } }, select: { id: true } });
    const rotate = await riley.requests.submit({ kind: "ROTATE", grantId: secret.id, justification: WHY, idempotencyKey: key() });
    const row = await ticketRow(rotate.id);
    expect(row).toMatchObject({ status: "AUTO_APPROVED", policyRuleId: "rotate-by-owner", scope: { action: "rotate", grantId: secret.id } });
  });

  it("changes the scope of an active grant, keeping the old scope in the snapshot", async () => {
    const own = await w.prisma.grant.findFirstOrThrow({
      where: { status: "ACTIVE", type: "ENTITLEMENT", identity: { userId: me.id }, entitlement: { key: "orders_read" } },
      select: { id: true, scope: true },
    });
    const newScope = { role: "orders_read", schemas: ["public"], database: "orders", tables: ["orders"] };
    const input = { kind: "MODIFY" as const, grantId: own.id, newScope, justification: WHY, expiresAt: inHours(48), idempotencyKey: key() };
    expect((await riley.requests.preview(input)).problems).toEqual({});
    const row = await ticketRow((await riley.requests.submit(input)).id);
    expect(row.scope).toMatchObject({ action: "modify", grantId: own.id, tables: ["orders"], previous: own.scope as object });
    await expectRefusal(riley.requests.submit({ ...input, newScope: undefined, idempotencyKey: key() }), "BAD_REQUEST", "newScope");
  });

  it("assigns a delegate while the approver is away, on the approver's behalf", async () => {
    const avery = await w.person("avery.approver");
    const priya = await w.person("priya.raman");
    const delegation = await w.prisma.delegation.create({
      data: { delegatorId: avery.id, delegateId: priya.id, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 86_400_000), reason: "Holiday" },
    });
    try {
      const ticket = await riley.requests.submit(await grantFor(me.identity!.id, "servicedesk:viewer", { justification: `${WHY} for the support rota` }));
      const assignments = await w.prisma.approvalAssignment.findMany({ where: { requestId: ticket.id }, select: { approverId: true, onBehalfOfId: true } });
      if (ticket.status === "PENDING_APPROVAL") expect(assignments).toEqual([{ approverId: priya.id, onBehalfOfId: avery.id }]);
      const other = await riley.requests.submit(await grantFor(me.identity!.id, "servicedesk:queue_admin", { expiresAt: inHours(48) }));
      const delegated = await w.prisma.approvalAssignment.findMany({ where: { requestId: other.id }, select: { approverId: true, onBehalfOfId: true } });
      expect(delegated).toEqual([{ approverId: priya.id, onBehalfOfId: avery.id }]);
      // Avery still sees the ticket on whose behalf Priya decides.
      expect((await (await w.as("avery.approver")).requests.get({ number: other.number })).number).toBe(other.reference);
    } finally {
      await w.prisma.delegation.delete({ where: { id: delegation.id } });
    }
  });

  it("decides with the newest published version and pins it, so the preview follows a publish", async () => {
    const input = await grantFor(me.identity!.id, "staging-db:staging_read", { expiresAt: inHours(4) });
    expect((await riley.requests.preview(input)).decision?.route).toBe("AUTO_APPROVE");
    const doc = defaultPolicyDocument();
    const tightened = { ...doc, preApprovedPatterns: doc.preApprovedPatterns.map((p) => (p.id === "pa-eng-nonprod-read" ? { ...p, maxTtlHours: 2 } : p)) };
    const admin = await w.person("adam.admin");
    const v2 = await w.prisma.policyVersion.create({
      data: { version: 2, contentHash: policyContentHash(tightened), document: JSON.parse(JSON.stringify(tightened)), publishedById: admin.id, note: "Shorter pre-approved reads" },
    });
    await w.prisma.workflow.createMany({ data: tightened.workflows.map((wf) => ({ policyVersionId: v2.id, key: wf.key, name: wf.name, stages: JSON.parse(JSON.stringify(wf.stages)) })) });

    const preview = await riley.requests.preview(input);
    expect(preview.decision).toMatchObject({ policy: { id: v2.id, version: 2 } });
    // Four hours no longer fits: the pattern's new cap refuses the expiry, naming the pattern.
    expect(preview.problems.expiresAt).toMatch(/at most 2 hours from now \(policy cap for pre-approved pattern pa-eng-nonprod-read\)/);
    const within = await riley.requests.submit(await grantFor(me.identity!.id, "staging-db:staging_read", { expiresAt: inHours(1.5) }));
    const row = await ticketRow(within.id);
    expect(row).toMatchObject({ policyVersionId: v2.id, decisionRoute: "AUTO_APPROVE" });
  });
});
