import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/server/db/generated/client";
import { loadTicketCases } from "@/server/domain/policy-admin/ticket-facts";
import type { PolicyRequest } from "@/server/domain/policy/types";
import { createCatalogue, createTicket, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let db: TestDatabase;
let requester: TestUser;
let catalogue: Awaited<ReturnType<typeof createCatalogue>>;
const now = new Date();

beforeAll(async () => {
  db = await createTestDatabase();
  requester = await createUser(db.prisma, { name: "Facts Requester", roles: ["REQUESTER"], department: "Finance" });
  const owner = await createUser(db.prisma, { name: "Facts Owner", roles: ["APPROVER"] });
  catalogue = await createCatalogue(db.prisma, owner.id);
});

afterAll(async () => {
  await db?.drop();
});

async function submitted(at: Date, data: Prisma.AccessRequestUpdateInput = {}) {
  const ticket = await createTicket(db.prisma, { requester, status: "ACTIVE", catalogue });
  return db.prisma.accessRequest.update({ where: { id: ticket.id }, data: { submittedAt: at, ...data } });
}

describe("facts of stored tickets for the simulation", () => {
  it("rebuilds an older ticket from its rows, with what the subject held at submit", async () => {
    const at = new Date(now.getTime() - 3 * DAY);
    const ticket = await submitted(at, { expiresAt: new Date(at.getTime() + 48 * HOUR) });

    // One grant held at submit, one already revoked by then, one granted only afterwards.
    const other = await db.prisma.entitlement.create({
      data: { systemId: catalogue.system.id, key: "write", name: "Write", scope: { role: "payments_write" }, riskTier: "HIGH" },
    });
    const held = await submitted(new Date(at.getTime() - 10 * DAY));
    const grant = (extra: Partial<Prisma.GrantUncheckedCreateInput>) =>
      db.prisma.grant.create({
        data: {
          requestId: held.id,
          identityId: requester.identityId,
          type: "ENTITLEMENT",
          status: "ACTIVE",
          connectorType: "POSTGRES",
          scope: {},
          ...extra,
        },
      });
    await grant({ entitlementId: other.id, grantedAt: new Date(at.getTime() - 9 * DAY) });
    await grant({ entitlementId: catalogue.entitlement.id, grantedAt: new Date(at.getTime() - 9 * DAY), revokedAt: new Date(at.getTime() - DAY), status: "REVOKED" });
    await grant({ entitlementId: catalogue.entitlement.id, grantedAt: new Date(at.getTime() + HOUR) });

    const { cases } = await loadTicketCases(db.prisma, new Date(now.getTime() - 30 * DAY));
    const found = cases.find((c) => c.requestId === ticket.id)!;
    expect(found.source).toBe("rows");
    expect(found.request).toMatchObject({
      kind: "GRANT",
      exceptionType: null,
      requester: { id: requester.id, department: "Finance" },
      subject: { kind: "HUMAN", email: requester.email, department: "Finance", ownerActive: true },
      entitlement: { ref: `${catalogue.system.key}:read`, riskTier: "MEDIUM", system: { environment: "PRODUCTION", riskTier: "HIGH" } },
      requestedHours: 48,
    });
    expect(found.context.subjectHolds).toEqual([`${catalogue.system.key}:write`]);
  });

  it("replays a ticket from the facts its decision kept, and leaves out tickets outside the window", async () => {
    const base = (await loadTicketCases(db.prisma, new Date(now.getTime() - 30 * DAY))).cases[0]!;
    const request: PolicyRequest = { ...base.request, requestedHours: 7, subject: { ...base.request.subject, department: "Data" } };
    const kept = await submitted(new Date(now.getTime() - DAY), {
      decisionReasons: { reasons: [], facts: { request, context: { subjectHolds: ["x:y"] } } } as unknown as Prisma.InputJsonObject,
    });
    const old = await submitted(new Date(now.getTime() - 40 * DAY));
    const unsubmitted = await createTicket(db.prisma, { requester, status: "DRAFT", catalogue });

    const { cases } = await loadTicketCases(db.prisma, new Date(now.getTime() - 30 * DAY));
    const found = cases.find((c) => c.requestId === kept.id)!;
    expect(found.source).toBe("snapshot");
    expect(found.request).toEqual(request);
    expect(found.context).toEqual({ subjectHolds: ["x:y"] });
    const ids = cases.map((c) => c.requestId);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(unsubmitted.id);
  });
});
