import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, inHours, key, newNhi, seededWorld, WHY, type World } from "./requests-world";

/**
 * Every refusal of "Bad input" is enforced by the server, names the field and the rule, and
 * writes nothing: no ticket, no audit event, no identity.
 */
let w: World;
let riley: Awaited<ReturnType<World["as"]>>;
let rileyId: { id: string; identity: { id: string } | null };

beforeAll(async () => {
  w = await seededWorld();
  riley = await w.as("riley.requester");
  rileyId = await w.person("riley.requester");
});

afterAll(async () => {
  await w?.db.drop();
});

async function refusedWithoutWrites(call: () => Promise<unknown>, code: Parameters<typeof expectRefusal>[1], field: string, message?: RegExp) {
  const before = await w.counts();
  await expectRefusal(call(), code, field, message);
  expect(await w.counts()).toEqual(before);
}

async function grant(entitlementRef: string, extra: Record<string, unknown> = {}) {
  const e = await w.entitlement(entitlementRef);
  return { kind: "GRANT" as const, entitlementId: e.id, subjectId: rileyId.identity!.id, justification: WHY, idempotencyKey: key(), ...extra };
}

describe("refusals on submit", () => {
  it("refuses an entitlement that is not requestable", async () => {
    const input = await grant("warehouse:warehouse_admin", { expiresAt: inHours(4) });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "entitlementId", /not requestable/);
  });

  it("refuses an expiry in the past", async () => {
    const input = await grant("orders-db:orders_write", { expiresAt: inHours(-1) });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "expiresAt", /in the future/);
  });

  it("refuses an expiry over the policy's cap, naming the cap", async () => {
    const input = await grant("orders-db:orders_write", { expiresAt: inHours(200) });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "expiresAt", /at most 168 hours from now \(policy cap for/);
  });

  it("refuses an expiry beyond the policy's maximum for any request, even without a tier cap", async () => {
    const input = await grant("servicedesk:agent", { expiresAt: inHours(9000) });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "expiresAt", /at most 8760 hours from now/);
  });

  it("refuses a missing expiry where the policy requires one", async () => {
    const input = await grant("orders-db:orders_write");
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "expiresAt", /expiry is required/);
  });

  it("refuses a missing justification", async () => {
    const input = await grant("servicedesk:agent", { justification: "   " });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "justification", /required/);
  });

  it("refuses filler as a justification, even padded to length", async () => {
    const input = await grant("servicedesk:agent", { justification: "need access please, need access asap, please need access" });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "justification", /filler/);
  });

  it("refuses a justification shorter than the policy's minimum", async () => {
    const input = await grant("servicedesk:agent", { justification: "Checkout debugging" });
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "justification", /at least 30 characters/);
  });

  it("refuses an NHI without an active owner", async () => {
    // Sofia backs up bot-qa-nightly, whose owner has left the company.
    const sofia = await w.as("sofia.lindqvist");
    const bot = await w.identity("bot-qa-nightly");
    const e = await w.entitlement("staging-db:staging_read");
    const input = { kind: "GRANT" as const, entitlementId: e.id, subjectId: bot.id, justification: WHY, expiresAt: inHours(4), idempotencyKey: key() };
    await refusedWithoutWrites(() => sofia.requests.submit(input), "PRECONDITION_FAILED", "subjectId", /no active owner/);
  });

  it("refuses a subject the requester may not request for", async () => {
    const marcus = await w.person("marcus.oyelaran");
    const input = await grant("servicedesk:agent", { subjectId: marcus.identity!.id });
    await refusedWithoutWrites(() => riley.requests.submit(input), "FORBIDDEN", "subjectId", /only for yourself/);
  });

  it("refuses an NHI somebody else owns", async () => {
    const other = await w.identity("svc-legacy-reports");
    const input = await grant("warehouse:marts_read", { subjectId: other.id, expiresAt: inHours(24) });
    await refusedWithoutWrites(() => riley.requests.submit(input), "FORBIDDEN", "subjectId");
  });

  it("refuses an EMERGENCY exception without its incident id", async () => {
    const e = await w.entitlement("orders-db:orders_write");
    const input = { kind: "EXCEPTION" as const, exceptionType: "EMERGENCY" as const, entitlementId: e.id, subjectId: rileyId.identity!.id, justification: WHY, expiresAt: inHours(2), idempotencyKey: key() };
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "incidentId", /required for EMERGENCY/);
  });

  it("refuses an exception without an expiry", async () => {
    const e = await w.entitlement("orders-db:orders_write");
    const input = { kind: "EXCEPTION" as const, exceptionType: "EMERGENCY" as const, incidentId: "INC-4711", entitlementId: e.id, subjectId: rileyId.identity!.id, justification: WHY, idempotencyKey: key() };
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "expiresAt", /Every exception needs an expiry/);
  });

  it("refuses a VENDOR exception without its sponsor", async () => {
    const kenji = await w.as("kenji.watanabe");
    const vendor = await w.identity("vendor.dbcare-consultant");
    const e = await w.entitlement("orders-db:orders_read");
    const input = { kind: "EXCEPTION" as const, exceptionType: "VENDOR" as const, entitlementId: e.id, subjectId: vendor.id, justification: WHY, vendorWindowStart: inHours(1), vendorWindowEnd: inHours(5), expiresAt: inHours(5), idempotencyKey: key() };
    await refusedWithoutWrites(() => kenji.requests.submit(input), "BAD_REQUEST", "sponsorId", /required for VENDOR/);
  });

  it("refuses an AUTOMATION request whose new NHI has the same owner and backup owner, and registers nothing", async () => {
    const e = await w.entitlement("staging-db:staging_app_rw");
    const input = {
      kind: "EXCEPTION" as const,
      exceptionType: "AUTOMATION" as const,
      entitlementId: e.id,
      justification: WHY,
      expiresAt: inHours(24 * 20),
      idempotencyKey: key(),
      newNhi: newNhi(rileyId.id, rileyId.id),
    };
    await refusedWithoutWrites(() => riley.requests.submit(input), "BAD_REQUEST", "newNhi.backupOwnerId", /someone other than the owner/);
  });

  it("refuses a toxic combination, naming the conflict", async () => {
    // A pending request counts as held: the second half completes the pair.
    const initiate = await grant("payments-api:payments_initiate", { expiresAt: inHours(24) });
    const first = await riley.requests.submit(initiate);
    expect(first.status).toBe("PENDING_APPROVAL");
    const approve = await grant("payments-api:payments_approve", { expiresAt: inHours(24) });
    await refusedWithoutWrites(() => riley.requests.submit(approve), "BAD_REQUEST", "entitlementId", /sod-payments-maker-checker/);
  });

  it("refuses a MODIFY, REVOKE or ROTATE of a grant the requester may not touch", async () => {
    const foreign = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", identity: { kind: "HUMAN", userId: { not: rileyId.id } } }, select: { id: true } });
    await refusedWithoutWrites(() => riley.requests.submit({ kind: "REVOKE", grantId: foreign.id, justification: WHY, idempotencyKey: key() }), "NOT_FOUND", "grantId");
  });

  it("refuses to rotate an entitlement grant", async () => {
    const own = await w.prisma.grant.findFirstOrThrow({ where: { status: "ACTIVE", type: "ENTITLEMENT", identity: { userId: rileyId.id } }, select: { id: true } });
    await refusedWithoutWrites(() => riley.requests.submit({ kind: "ROTATE", grantId: own.id, justification: WHY, idempotencyKey: key() }), "BAD_REQUEST", "grantId", /secret or a certificate/);
  });
});

describe("the preview shows the same refusals as problems, and writes nothing", () => {
  it("returns field problems instead of throwing", async () => {
    const before = await w.counts();
    const preview = await riley.requests.preview(await grant("orders-db:orders_write", { expiresAt: inHours(500), justification: "asap" }));
    expect(preview.decision?.route).toBe("WORKFLOW");
    expect(preview.problems.expiresAt).toMatch(/at most 168 hours/);
    expect(preview.problems.justification).toBeDefined();
    expect(await w.counts()).toEqual(before);
  });

  it("returns the subject refusal as a problem", async () => {
    const marcus = await w.person("marcus.oyelaran");
    const preview = await riley.requests.preview(await grant("servicedesk:agent", { subjectId: marcus.identity!.id }));
    expect(preview.decision).toBeNull();
    expect(preview.problems.subjectId).toMatch(/only for yourself/);
  });
});
