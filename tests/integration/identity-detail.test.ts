import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorFor } from "@/server/connectors/registry";
import { runFulfilmentJob } from "@/server/domain/fulfilment/job";
import { callerFor, createUser } from "@/tests/helpers/api-fixtures";
import { approveAll, fulfilmentJob, inHours, key, seededWorld, type World, WHY } from "./requests-world";

/** The identity page's read model on the seeded demo: what each identity holds, and who may read it. */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

type Caller = Awaited<ReturnType<World["as"]>>;

async function refusedAsNotFound(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the identity should not be readable").toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("NOT_FOUND");
}

/** A ticket link is a link exactly when the viewer may open that ticket. */
async function expectTicketLinksMatchVisibility(viewer: Caller, links: { reference: string; visible: boolean }[]) {
  for (const link of new Map(links.map((l) => [l.reference, l])).values()) {
    const opens = await viewer.requests.get({ number: link.reference }).then(
      () => true,
      () => false,
    );
    expect(link.visible, `${link.reference} visible`).toBe(opens);
  }
}

describe("an NHI with secrets and certificates", () => {
  it("shows its owners, credentials as metadata only, with rotation judged against the identity's period", async () => {
    const audrey = await w.as("audrey.auditor");
    const nhi = await w.prisma.identity.findUniqueOrThrow({ where: { name: "svc-notifications" }, select: { id: true, rotationPeriodDays: true, ownerId: true } });
    const d = await audrey.identities.detail({ id: nhi.id });

    expect(d.identity).toMatchObject({ kind: "NHI", name: "svc-notifications", nhiType: expect.any(String), workload: expect.any(String), rotationPeriodDays: nhi.rotationPeriodDays });
    expect(d.owner).toMatchObject({ userId: nhi.ownerId, active: expect.any(Boolean) });
    expect(d.owner!.identityId).toEqual(expect.any(String));
    expect(d.person).toBeNull();
    expect(d.owns).toEqual([]);

    const secrets = d.credentials.filter((c) => c.kind === "SECRET");
    const certificates = d.credentials.filter((c) => c.kind === "CERTIFICATE");
    expect(secrets.length).toBeGreaterThan(0);
    expect(certificates.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(s).toMatchObject({ prefix: expect.stringMatching(/^acme_/), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), version: expect.any(Number) });
    }
    for (const c of certificates) {
      expect(c).toMatchObject({ serialNumber: expect.any(String), subjectDn: expect.stringContaining("CN="), expiresAt: expect.any(Date) });
    }
    // Never a value: no PEM, key material or hash input leaves the server.
    const wire = JSON.stringify(d.credentials);
    expect(wire).not.toMatch(/BEGIN|PRIVATE|"pem"|"value"/);

    const period = nhi.rotationPeriodDays! * 86_400_000;
    const now = Date.now();
    for (const c of d.credentials) {
      if (c.revokedAt) expect(c.rotation).toBe("revoked");
      else if (c.expiresAt && c.expiresAt.getTime() <= now) expect(c.rotation).toBe("expired");
      else {
        expect(c.rotationDueAt!.getTime()).toBe(c.issuedAt.getTime() + period);
        expect(["ok", "due_soon", "overdue"]).toContain(c.rotation);
        expect(c.rotation === "overdue").toBe(c.rotationDueAt!.getTime() <= now);
      }
    }
    // The auditor opens every ticket behind every grant and credential.
    expect([...d.held, ...d.history, ...d.credentials].every((x) => x.ticket.visible)).toBe(true);
  });

  it("lists a key issued through the real connector with the ticket behind it, for the owner", async () => {
    const riley = await w.as("riley.requester");
    const nhi = await w.identity("svc-checkout-worker");
    const before = await riley.identities.detail({ id: nhi.id });
    const e = await w.entitlement("api-keys:events_ingest_key");
    const t = await riley.requests.submit({ kind: "GRANT", entitlementId: e.id, subjectId: nhi.id, justification: WHY, idempotencyKey: key(), expiresAt: inHours(72) });
    await approveAll(w, t.number);
    await runFulfilmentJob(w.prisma, await fulfilmentJob(w, t.id), new Date(), connectorFor);

    const pending = await riley.identities.detail({ id: nhi.id });
    expect(pending.held.find((g) => g.ticket.reference === t.reference)).toMatchObject({ status: "PENDING", connectorType: "API_KEY", expiry: "none" });

    await riley.requests.collectCredential({ number: t.number });
    const after = await riley.identities.detail({ id: nhi.id });
    const grant = after.held.find((g) => g.ticket.reference === t.reference);
    expect(grant).toMatchObject({ status: "ACTIVE", type: "SECRET", entitlement: { name: e.name }, expiry: "soon", ticket: { visible: true }, lastVerifiedAt: expect.any(Date) });
    expect(after.credentials.length).toBe(before.credentials.length + 1);
    const issued = after.credentials.find((c) => c.ticket.reference === t.reference);
    expect(issued).toMatchObject({ kind: "SECRET", revokedAt: null, rotation: expect.stringMatching(/ok|due_soon/), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(after.counts.held).toBe(before.counts.held + 1);
  });
});

describe("a person with PostgreSQL grants", () => {
  it("shows their manager, the NHIs they own, what they hold now and what was removed, with its evidence", async () => {
    const riley = await w.as("riley.requester");
    const me = await w.person("riley.requester");
    const d = await riley.identities.detail({ id: me.identity!.id });

    expect(d.identity.kind).toBe("HUMAN");
    expect(d.person).toMatchObject({ email: me.email, manager: { name: "Avery Approver" } });
    // Riley may not open her manager's page, so the name comes without a link.
    expect(d.person!.manager!.identityId).toBeNull();
    expect(d.owns.map((o) => [o.name, o.role, o.visible])).toEqual(
      expect.arrayContaining([
        ["svc-checkout-worker", "owner", true],
        ["ci-checkout-deploy", "owner", true],
      ]),
    );

    const pgHeld = d.held.filter((g) => g.connectorType === "POSTGRES");
    expect(pgHeld.length).toBeGreaterThan(0);
    expect(pgHeld[0]).toMatchObject({ status: "ACTIVE", system: { name: expect.any(String) }, scopeSummary: expect.stringContaining("role:"), ticket: { visible: true } });

    const removed = d.history.filter((g) => g.status === "REVOKED");
    expect(removed.length).toBeGreaterThan(0);
    for (const g of removed) expect(g.closing).toMatchObject({ kind: "REVOKED", summary: expect.any(String), verifiedAt: expect.any(Date) });
    expect(d.counts).toMatchObject({ held: d.held.length, history: d.history.length });
    await expectTicketLinksMatchVisibility(riley, [...d.held, ...d.history].map((g) => g.ticket));
  });
});

describe("who may read an identity", () => {
  it("lets a person read themself and the NHIs they own; an NHI's backup owner reads it too", async () => {
    const riley = await w.as("riley.requester");
    const avery = await w.as("avery.approver");
    const worker = await w.identity("svc-checkout-worker");
    expect((await riley.identities.detail({ id: worker.id })).identity.name).toBe("svc-checkout-worker");
    const asBackup = await avery.identities.detail({ id: worker.id });
    expect(asBackup.backupOwner).toMatchObject({ name: "Avery Approver", active: true });
    await expectTicketLinksMatchVisibility(avery, [...asBackup.held, ...asBackup.history, ...asBackup.credentials].map((x) => x.ticket));
  });

  it("lets a manager read their report, not the other way round", async () => {
    const avery = await w.as("avery.approver");
    const riley = await w.as("riley.requester");
    const rileyId = (await w.person("riley.requester")).identity!.id;
    const averyId = (await w.person("avery.approver")).identity!.id;
    expect((await avery.identities.detail({ id: rileyId })).identity.kind).toBe("HUMAN");
    await refusedAsNotFound(riley.identities.detail({ id: averyId }));
  });

  it("answers NOT_FOUND for someone else's NHI, an unrelated person and an unknown id", async () => {
    const riley = await w.as("riley.requester");
    const notifications = await w.identity("svc-notifications");
    const stranger = await createUser(w.prisma, { name: "Unrelated Person", roles: ["REQUESTER"], department: "Finance" });
    await refusedAsNotFound(riley.identities.detail({ id: notifications.id }));
    await refusedAsNotFound(riley.identities.detail({ id: stranger.identityId }));
    await refusedAsNotFound(riley.identities.detail({ id: "00000000-0000-4000-8000-00000000dead" }));
    await refusedAsNotFound(callerFor(w.prisma, stranger).identities.detail({ id: (await w.person("riley.requester")).identity!.id }));
    // The ticket and review pages ask the same question before linking the subject.
    expect(await riley.identities.canOpen({ id: notifications.id })).toBe(false);
    expect(await riley.identities.canOpen({ id: (await w.identity("svc-checkout-worker")).id })).toBe(true);
  });

  it("lets an approver read the subject of a ticket that waits on them, and only link the tickets they may open", async () => {
    const waiting = await w.prisma.approvalAssignment.findMany({
      where: { status: "OPEN", request: { status: "PENDING_APPROVAL", subject: { kind: "NHI", grants: { some: {} } } } },
      orderBy: { id: "asc" },
      select: {
        id: true,
        approver: { select: { id: true, email: true, name: true, roles: true } },
        request: { select: { subjectId: true, subject: { select: { ownerId: true, backupOwnerId: true } } } },
      },
    });
    // An approver who neither owns nor backs up the NHI: only the waiting ticket lets them in.
    const pick = waiting.find(
      (a) => !a.approver.roles.some((r) => r === "AUDITOR" || r === "ADMIN") && a.request.subject.ownerId !== a.approver.id && a.request.subject.backupOwnerId !== a.approver.id,
    );
    expect(pick, "the seed has an NHI's ticket waiting on an approver").toBeDefined();
    const approver = callerFor(w.prisma, pick!.approver);
    const subjectId = pick!.request.subjectId;
    const d = await approver.identities.detail({ id: subjectId });
    await expectTicketLinksMatchVisibility(approver, [...d.held, ...d.history, ...d.credentials].map((x) => x.ticket));

    // Once nothing waits on them any more, the approver no longer reads that identity.
    const theirs = { status: "OPEN" as const, approverId: pick!.approver.id, request: { subjectId } };
    const ids = (await w.prisma.approvalAssignment.findMany({ where: theirs, select: { id: true } })).map((a) => a.id);
    await w.prisma.approvalAssignment.updateMany({ where: { id: { in: ids } }, data: { status: "DONE" } });
    try {
      await refusedAsNotFound(approver.identities.detail({ id: subjectId }));
    } finally {
      await w.prisma.approvalAssignment.updateMany({ where: { id: { in: ids } }, data: { status: "OPEN" } });
    }
  });

  it("lets auditors and admins read any identity", async () => {
    const notifications = await w.identity("svc-notifications");
    const riley = (await w.person("riley.requester")).identity!.id;
    for (const who of ["audrey.auditor", "adam.admin"]) {
      const viewer = await w.as(who);
      expect((await viewer.identities.detail({ id: notifications.id })).identity.name).toBe("svc-notifications");
      const d = await viewer.identities.detail({ id: riley });
      expect(d.person!.manager!.identityId).toEqual(expect.any(String));
      expect(d.owns.every((o) => o.visible)).toBe(true);
    }
  });
});

describe("the identities list", () => {
  it("gives a person themself and the NHIs they own, and an auditor a search over everyone", async () => {
    const riley = await w.as("riley.requester");
    const mine = await riley.identities.list({});
    expect(mine.searchesAll).toBe(false);
    expect(mine.items[0]).toMatchObject({ relation: "you", kind: "HUMAN" });
    expect(mine.items.filter((i) => i.relation === "owner").map((i) => i.name)).toEqual(expect.arrayContaining(["svc-checkout-worker", "ci-checkout-deploy"]));
    expect(mine.items.map((i) => i.name)).not.toContain("svc-notifications");
    // Everything listed opens.
    for (const item of mine.items) expect((await riley.identities.detail({ id: item.id })).identity.id).toBe(item.id);

    const audrey = await w.as("audrey.auditor");
    const found = await audrey.identities.list({ q: "NOTIFICATIONS" });
    expect(found.searchesAll).toBe(true);
    expect(found.items.map((i) => i.name)).toContain("svc-notifications");
    expect((await riley.identities.list({ q: "notifications" })).items).toEqual([]);
  });
});
