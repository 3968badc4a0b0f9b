import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEventNow } from "@/server/domain/audit/append";
import { hashEvent } from "@/server/domain/audit/canonical";
import { verifyAuditChain, type VerifyResult } from "@/server/domain/audit/verify";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const EVENTS = 10;
let db: TestDatabase;
let ids: string[];
let headHash: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = [];
  for (let i = 1; i <= EVENTS; i++) {
    const event = await appendAuditEventNow(db.prisma, {
      actorType: "SYSTEM",
      action: "grant.activated",
      entityType: "Grant",
      entityId: `g-${i}`,
      data: { i, scope: { system: "pg-main", role: i % 2 ? "read" : "write" } },
    });
    ids.push(event.id);
    headHash = event.hash;
  }
});

afterAll(async () => {
  await db?.drop();
});

/**
 * Changes the table the way someone with owner rights on the database could: with the
 * append-only trigger switched off inside one transaction, so no other session ever sees it off.
 */
async function bypassingTrigger(sql: string): Promise<void> {
  await db.withSession(async (session) => {
    try {
      await session.exec(`BEGIN;
        ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
        ${sql};
        ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";
        COMMIT;`);
    } catch (error) {
      await session.exec("ROLLBACK");
      throw error;
    }
  });
}

/** Tampers, verifies, then puts every row back so each case starts from the intact chain. */
async function verifyAfter(tamperSql: string): Promise<VerifyResult> {
  await bypassingTrigger(`CREATE TABLE audit_backup AS SELECT * FROM "AuditEvent"; ${tamperSql}`);
  try {
    return await verifyAuditChain(db.prisma, { batchSize: 3 });
  } finally {
    await bypassingTrigger(
      `DELETE FROM "AuditEvent"; INSERT INTO "AuditEvent" SELECT * FROM audit_backup; DROP TABLE audit_backup`,
    );
  }
}

function brokenAt(seq: number, reason: RegExp, checked = seq - 1) {
  return { ok: false, checked, brokenAt: { seq: BigInt(seq), id: ids[seq - 1], reason: expect.stringMatching(reason) } };
}

describe("verifyAuditChain on a tampered chain", () => {
  it("passes on the intact chain", async () => {
    expect(await verifyAuditChain(db.prisma, { batchSize: 3 })).toEqual({ ok: true, checked: EVENTS, headHash });
  });

  it("finds an edited data field at exactly that event", async () => {
    const result = await verifyAfter(`UPDATE "AuditEvent" SET data = jsonb_set(data, '{scope,role}', '"admin"') WHERE seq = 4`);
    expect(result).toEqual(brokenAt(4, /^hash mismatch: the stored content of this event was changed/));
  });

  it("finds a timestamp moved by one millisecond", async () => {
    const result = await verifyAfter(`UPDATE "AuditEvent" SET "occurredAt" = "occurredAt" + interval '1 millisecond' WHERE seq = 7`);
    expect(result).toEqual(brokenAt(7, /^hash mismatch/));
  });

  it("reports a stored value the portal could never have written as an edit", async () => {
    const result = await verifyAfter(`UPDATE "AuditEvent" SET data = '{"i": 1e400}' WHERE seq = 2`);
    expect(result).toEqual(brokenAt(2, /^hash mismatch: .*non-finite number Infinity at i/));
  });

  it("treats an edited prevHash as an edit of that event", async () => {
    const result = await verifyAfter(`UPDATE "AuditEvent" SET "prevHash" = repeat('a', 64) WHERE seq = 5`);
    expect(result).toEqual(brokenAt(5, /^hash mismatch/));
  });

  it("finds a deleted middle event at the event after it", async () => {
    const result = await verifyAfter(`DELETE FROM "AuditEvent" WHERE seq = 5`);
    expect(result).toEqual(brokenAt(6, /^seq gap: seq 5 is missing, an event was removed/, 4));
  });

  it("finds several deleted events and says which", async () => {
    const result = await verifyAfter(`DELETE FROM "AuditEvent" WHERE seq BETWEEN 5 AND 7`);
    expect(result).toEqual(brokenAt(8, /^seq gap: seqs 5 to 7 are missing, 3 events were removed/, 4));
  });

  it("finds a deleted first event", async () => {
    const result = await verifyAfter(`DELETE FROM "AuditEvent" WHERE seq = 1`);
    expect(result).toEqual(brokenAt(2, /^seq gap: seq 1 is missing/, 0));
  });

  it("finds an edit whose hash was recomputed by the forger, at the next link", async () => {
    const row = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 4n } });
    const forged = { i: 4, scope: { system: "pg-main", role: "admin" } };
    const forgedHash = hashEvent({ ...row, data: forged }, row.prevHash);
    const result = await verifyAfter(
      `UPDATE "AuditEvent" SET data = '${JSON.stringify(forged)}', hash = '${forgedHash}' WHERE seq = 4`,
    );
    expect(result).toEqual(brokenAt(5, /^prevHash mismatch: it does not match the hash of seq 4/));
  });

  it("finds a replaced event at the next link when seq and hash were both forged", async () => {
    // The forger deletes seq 3 and writes a self-consistent event in its place.
    const row = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    const forged = { ...row, id: "forged-event", entityId: "g-forged" };
    const forgedHash = hashEvent(forged, row.prevHash);
    const result = await verifyAfter(`
      DELETE FROM "AuditEvent" WHERE seq = 3;
      INSERT INTO "AuditEvent" (id, seq, "occurredAt", "actorType", action, "entityType", "entityId", data, "prevHash", hash)
      SELECT 'forged-event', 3, "occurredAt", "actorType", action, "entityType", 'g-forged', data, "prevHash", '${forgedHash}'
      FROM audit_backup WHERE seq = 3`);
    expect(result).toEqual(brokenAt(4, /^prevHash mismatch: it does not match the hash of seq 3/));
  });

  it("cannot see events cut from the end, but the head hash it reports changes", async () => {
    const result = await verifyAfter(`DELETE FROM "AuditEvent" WHERE seq = ${EVENTS}`);
    expect(result).toMatchObject({ ok: true, checked: EVENTS - 1 });
    expect(result.ok && result.headHash).not.toBe(headHash);
  });

  it("passes again once the rows are restored", async () => {
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, checked: EVENTS, headHash });
  });
});
