import { describe, expect, it } from "vitest";
import { CONTROLS } from "@/server/domain/controls/catalogue";
import { controlMatchSql } from "@/server/domain/explorer/control-sql";
import { ticketControls, type TicketEvidenceFacts } from "@/server/domain/controls/ticket";
import { explorerFilterSchema } from "@/server/domain/explorer/filter";
import { splitHighlight } from "@/server/domain/explorer/snippet";
import { ticketMatchSql } from "@/server/domain/explorer/where";

const auditor = { id: "a", roles: ["AUDITOR"] };
const requester = { id: "00000000-0000-4000-8000-00000000000r", roles: ["REQUESTER"] };

describe("ticketMatchSql", () => {
  it("lets auditors and admins see every ticket, and others only theirs", () => {
    expect(ticketMatchSql(auditor, {}).sql).toBe("(TRUE)");
    expect(ticketMatchSql({ id: "x", roles: ["ADMIN"] }, {}).sql).toBe("(TRUE)");
    const mine = ticketMatchSql(requester, {});
    expect(mine.sql).toMatch(/r\."requesterId" = \?/);
    expect(mine.sql).toMatch(/"ownerId" = \? OR vi\."backupOwnerId" = \?/);
    expect(mine.values).toEqual([requester.id, requester.id, requester.id, requester.id]);
  });

  it("passes every value as a parameter, never as SQL text", () => {
    const hostile = "'; DROP TABLE \"AccessRequest\"; --";
    const filter = explorerFilterSchema.parse({ q: hostile, status: ["ACTIVE"], from: "2026-01-01", to: "2026-01-31", policyVersion: 2 });
    const sql = ticketMatchSql(auditor, filter);
    expect(sql.sql).not.toContain("DROP TABLE");
    expect(sql.values).toEqual(expect.arrayContaining([hostile, "ACTIVE", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", 2]));
  });

  it("adds the ticket number to a text query that is one", () => {
    expect(ticketMatchSql(auditor, { q: "AR-000042" }).sql).toContain(`r."number" = ?`);
    expect(ticketMatchSql(auditor, { q: "AR-000042" }).values).toContain(42);
    expect(ticketMatchSql(auditor, { q: "vendor access" }).sql).not.toContain(`r."number"`);
  });

  it("has a condition for every control", () => {
    for (const c of CONTROLS) expect(controlMatchSql(c.id).sql.length, c.id).toBeGreaterThan(0);
  });
});

describe("ticketControls", () => {
  const base: TicketEvidenceFacts = {
    kind: "GRANT", exceptionType: null, subject: { kind: "HUMAN", nhiType: null, hasOwner: false }, hasPolicyVersion: true, decisions: [], closures: [],
  };

  it("is the union of the controls of the ticket's evidence items", () => {
    expect(ticketControls(base)).toEqual(["ISO27001:A.5.15", "ISO27001:A.5.18", "NIST-CSF-2.0:GV.RM-01", "SOC2:CC6.2"]);
    expect(ticketControls({ ...base, decisions: [{ outcome: "APPROVE" }] })).toContain("SOC2:CC6.3");
    expect(ticketControls({ ...base, closures: [{ kind: "GRANTED", grantType: "SECRET" }] })).toEqual(expect.arrayContaining(["SOC2:CC6.1", "ISO27001:A.5.17", "NIST-SP-800-63"]));
    expect(ticketControls({ ...base, subject: { kind: "NHI", nhiType: "OAUTH_APP", hasOwner: true } })).toEqual(expect.arrayContaining(["ISO27001:A.5.16", "OWASP-NHI:NHI-03"]));
    expect(ticketControls({ ...base, subject: { kind: "NHI", nhiType: "SERVICE_ACCOUNT", hasOwner: false } })).not.toContain("ISO27001:A.5.16");
  });
});

describe("splitHighlight", () => {
  it("splits ts_headline output at the hit markers", () => {
    expect(splitHighlight("Need \uE000quarterly\uE001 \uE000reports\uE001 now")).toEqual([
      { text: "Need ", hit: false },
      { text: "quarterly", hit: true },
      { text: " ", hit: false },
      { text: "reports", hit: true },
      { text: " now", hit: false },
    ]);
    expect(splitHighlight("no hits")).toEqual([{ text: "no hits", hit: false }]);
  });
});
