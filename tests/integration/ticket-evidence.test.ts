import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { visibleTicketWhere } from "@/server/domain/requests/visibility";
import { seededWorld, type World } from "./requests-world";

/**
 * The ticket evidence view on the demo seed, read through the API and checked against the rows
 * it claims to show. The seeded tickets used here are only read; the tamper cases put every
 * audit row back before they return.
 */
let w: World;

beforeAll(async () => {
  w = await seededWorld();
});

afterAll(async () => {
  await w?.db.drop();
});

/** The first seeded ticket that was approved by people, granted, and removed with read-back evidence. */
async function closedWithRevocation() {
  return w.prisma.accessRequest.findFirstOrThrow({
    where: { status: "CLOSED", decisions: { some: { outcome: "APPROVE" } }, evidence: { some: { kind: "REVOKED" } } },
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      requesterId: true,
      expiresAt: true,
      policyRuleId: true,
      policyVersion: { select: { version: true, contentHash: true } },
      decisions: { select: { outcome: true, approver: { select: { name: true } } } },
      grants: { select: { id: true, expiresAt: true, status: true } },
      evidence: { select: { kind: true, summary: true } },
    },
  });
}

async function notFoundCode(call: Promise<unknown>): Promise<string | null> {
  return call.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
}

/** Changes AuditEvent rows with the append-only trigger off (as someone with owner rights could), runs `check`, then restores every row. */
async function afterTampering<T>(sql: string, check: () => Promise<T>): Promise<T> {
  const bypass = (body: string) =>
    w.db.withSession(async (session) => {
      try {
        await session.exec(`BEGIN;
          ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
          ${body};
          ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";
          COMMIT;`);
      } catch (error) {
        await session.exec("ROLLBACK");
        throw error;
      }
    });
  await bypass(`CREATE TABLE ticket_evidence_backup AS SELECT * FROM "AuditEvent"; ${sql}`);
  try {
    return await check();
  } finally {
    await bypass(`DELETE FROM "AuditEvent"; INSERT INTO "AuditEvent" SELECT * FROM ticket_evidence_backup; DROP TABLE ticket_evidence_backup`);
  }
}

describe("evidence.ticket", () => {
  it("answers every question for a closed, approved and revoked ticket, matching the database", async () => {
    const row = await closedWithRevocation();
    const auditor = await w.as("audrey.auditor");
    const view = await auditor.evidence.ticket({ number: formatRequestNumber(row.number) });

    expect(view.number).toBe(formatRequestNumber(row.number));
    expect(view.summary.status).toBe("CLOSED");
    expect(view.summary.requester.id).toBe(row.requesterId);

    const answer = (key: string) => view.answers.find((a) => a.key === key)!;
    for (const d of row.decisions.filter((x) => x.outcome === "APPROVE")) expect(answer("approved").answer).toContain(d.approver.name);
    expect(answer("approved").tone).toBe("good");
    expect(answer("policy").answer).toContain(`Version ${row.policyVersion!.version}`);
    expect(answer("policy").answer).toContain(`rule ${row.policyRuleId}`);
    expect(view.policy.contentHash).toBe(row.policyVersion!.contentHash);
    expect(view.expiry.approved).toEqual(row.expiresAt);
    expect(view.expiry.granted).toEqual(row.grants.map((g) => g.expiresAt).filter(Boolean));
    const revoked = row.evidence.filter((e) => e.kind === "REVOKED").at(-1)!;
    expect(answer("removed").answer).toMatch(/^Yes/);
    expect(answer("removed").answer).toContain(revoked.summary.replace(/^revoked: /, ""));

    // Every event of the ticket, in chain order, with the database's timestamp and hashes.
    const events = await w.prisma.auditEvent.findMany({ where: { requestId: row.id }, orderBy: { seq: "asc" }, select: { seq: true, occurredAt: true, hash: true, prevHash: true, action: true } });
    expect(view.timeline.map((e) => e.seq)).toEqual(events.map((e) => e.seq.toString()));
    expect(view.timeline.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    expect(view.timeline.map((e) => e.prevHash)).toEqual(events.map((e) => e.prevHash));
    expect(view.timeline.map((e) => e.occurredAt)).toEqual(events.map((e) => e.occurredAt));
    expect(view.timeline.every((e) => e.description.length > 0)).toBe(true);

    expect(view.integrity).toMatchObject({ ok: true, checked: events.length, altered: 0, broken: 0, problems: [] });
    const head = await w.prisma.auditEvent.aggregate({ _max: { seq: true } });
    expect(view.integrity.headSeq).toBe(head._max.seq!.toString());
    expect(view.timeline.every((e) => e.integrity === "ok")).toBe(true);
    expect(answer("integrity").tone).toBe("good");

    expect(view.approvals.flatMap((s) => s.decisions)).toHaveLength(row.decisions.length);
    expect(view.grants.map((g) => g.id).sort()).toEqual(row.grants.map((g) => g.id).sort());
    expect(view.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(["GRANTED", "REVOKED"]));
    expect(view.scope.rows.length).toBeGreaterThan(0);
  });

  it("tags the evidence with controls: per item and their union, with titles from the catalogue", async () => {
    const row = await closedWithRevocation();
    const view = await (await w.as("audrey.auditor")).evidence.ticket({ number: String(row.number) });
    const ids = view.controls.all.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["NIST-CSF-2.0:GV.RM-01", "SOC2:CC6.1", "SOC2:CC6.2", "SOC2:CC6.3", "ISO27001:A.5.15", "ISO27001:A.5.18"]));
    expect(view.controls.all.every((c) => c.title.length > 0)).toBe(true);
    expect(view.controls.items.map((i) => i.type)).toEqual(expect.arrayContaining(["ticket", "policy", "approval", "closure"]));
    expect(view.controls.items.every((i) => i.controls.length > 0)).toBe(true);
  });

  it("shows a key's versions by prefix and fingerprint and a certificate by serial, never a secret value", async () => {
    const auditor = await w.as("audrey.auditor");
    const keyTicket = await w.prisma.accessRequest.findFirstOrThrow({ where: { grants: { some: { secrets: { some: {} } } } }, orderBy: { number: "asc" }, select: { number: true } });
    const certTicket = await w.prisma.accessRequest.findFirstOrThrow({ where: { subject: { kind: "NHI" }, grants: { some: { certificates: { some: {} } } } }, orderBy: { number: "asc" }, select: { number: true } });
    const keys = await auditor.evidence.ticket({ number: keyTicket.number });
    const secret = keys.grants.flatMap((g) => g.secrets)[0]!;
    expect(Object.keys(secret).sort()).toEqual(["expiresAt", "fingerprint", "id", "label", "prefix", "revokedAt", "version"]);
    const certs = await auditor.evidence.ticket({ number: certTicket.number });
    const cert = certs.grants.flatMap((g) => g.certificates)[0]!;
    expect(cert.serialNumber).toMatch(/^[0-9a-f]+$/i);
    expect(cert.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/i);
    expect(JSON.stringify(certs.grants)).not.toContain("BEGIN CERTIFICATE");
    expect(certs.summary.subject.kind).toBe("NHI");
    expect(certs.summary.subject.owner).not.toBeNull();
  });

  it("names the ticket a removal acts on, and the follow-up review of break-glass access", async () => {
    const auditor = await w.as("audrey.auditor");
    const revoke = await w.prisma.accessRequest.findFirstOrThrow({ where: { kind: "REVOKE", status: "CLOSED" }, orderBy: { number: "asc" }, select: { number: true, scope: true } });
    const grantId = (revoke.scope as { grantId: string }).grantId;
    const original = await w.prisma.grant.findUniqueOrThrow({ where: { id: grantId }, select: { request: { select: { number: true } } } });
    const removal = await auditor.evidence.ticket({ number: revoke.number });
    expect(removal.summary.actsOn).toBe(formatRequestNumber(original.request.number));
    expect(removal.answers.find((a) => a.key === "duration")!.answer).toBe(`It removes access granted by ${formatRequestNumber(original.request.number)} and grants none of its own.`);

    const emergency = await w.prisma.accessRequest.findFirstOrThrow({
      where: { exceptionType: "EMERGENCY", children: { some: { kind: "REVIEW" } } },
      orderBy: { number: "asc" },
      select: { number: true, children: { where: { kind: "REVIEW" }, select: { number: true } } },
    });
    const view = await auditor.evidence.ticket({ number: emergency.number });
    expect(view.summary.review?.number).toBe(formatRequestNumber(emergency.children[0]!.number));
    expect(view.answers.find((a) => a.key === "approved")!.answer).toContain(`Follow-up review: ${formatRequestNumber(emergency.children[0]!.number)}`);
  });

  it("lets a requester read their own ticket and answers NOT_FOUND for one they may not see", async () => {
    const riley = await w.person("riley.requester");
    const viewer = { id: riley.id, roles: ["REQUESTER"] };
    const own = await w.prisma.accessRequest.findFirstOrThrow({ where: { requesterId: riley.id }, orderBy: { number: "asc" }, select: { number: true } });
    const other = await w.prisma.accessRequest.findFirstOrThrow({ where: { NOT: visibleTicketWhere(viewer) }, orderBy: { number: "asc" }, select: { number: true } });
    const caller = await w.as("riley.requester");
    expect((await caller.evidence.ticket({ number: own.number })).number).toBe(formatRequestNumber(own.number));
    expect(await notFoundCode(caller.evidence.ticket({ number: formatRequestNumber(other.number) }))).toBe("NOT_FOUND");
    expect(await notFoundCode(caller.evidence.ticket({ number: 999_999 }))).toBe("NOT_FOUND");
  });

  it("reports an event whose stored content was edited as altered, and only that one", async () => {
    const row = await closedWithRevocation();
    const events = await w.prisma.auditEvent.findMany({ where: { requestId: row.id }, orderBy: { seq: "asc" }, select: { seq: true } });
    const target = events[2]!.seq;
    const auditor = await w.as("audrey.auditor");
    const view = await afterTampering(`UPDATE "AuditEvent" SET data = data || '{"ruleId":"edited-afterwards"}'::jsonb WHERE seq = ${target}`, () =>
      auditor.evidence.ticket({ number: row.number }),
    );
    const altered = view.timeline.filter((e) => e.integrity !== "ok");
    expect(altered.map((e) => [e.seq, e.integrity])).toEqual([[target.toString(), "content altered"]]);
    expect(view.integrity).toMatchObject({ ok: false, altered: 1, broken: 0 });
    const answer = view.answers.find((a) => a.key === "integrity")!;
    expect(answer.tone).toBe("attention");
    expect(answer.answer).toContain(`seq ${target} content altered`);
    // Restored: intact again.
    expect((await auditor.evidence.ticket({ number: row.number })).integrity.ok).toBe(true);
  });

  it("reports a broken link when the event before one of the ticket's events was removed", async () => {
    const row = await closedWithRevocation();
    const events = await w.prisma.auditEvent.findMany({ where: { requestId: row.id }, orderBy: { seq: "asc" }, select: { seq: true } });
    const mine = new Set(events.map((e) => e.seq));
    // An event of the ticket whose predecessor belongs to some other ticket, so the ticket's own rows stay as they are.
    const after = events.find((e) => e.seq > 1n && !mine.has(e.seq - 1n))!;
    const auditor = await w.as("audrey.auditor");
    const view = await afterTampering(`DELETE FROM "AuditEvent" WHERE seq = ${after.seq - 1n}`, () => auditor.evidence.ticket({ number: row.number }));
    const failing = view.timeline.filter((e) => e.integrity !== "ok");
    expect(failing.map((e) => [e.seq, e.integrity])).toEqual([[after.seq.toString(), "link broken"]]);
    expect(view.integrity).toMatchObject({ ok: false, altered: 0, broken: 1 });
  });
});
