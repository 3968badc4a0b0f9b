import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { CONTROLS } from "@/server/domain/controls/catalogue";
import { controlNumbers, DETAIL_LIMIT, fitCell, reportPlan, SUMMARY_COLUMNS, SUMMARY_HEADER, SUMMARY_WIDTH, summaryLine } from "@/server/domain/evidence/report-layout";
import { ReportPdf } from "@/server/domain/evidence/report-pdf";
import { toEvidenceTicket, type EvidenceTicket, type TicketRow } from "@/server/domain/evidence/tickets";
import { pdfPageCount, pdfTextRuns } from "../helpers/pdf-text";

function ticket(n: number, over: Partial<TicketRow> = {}): EvidenceTicket {
  const at = "2026-11-27T09:00:00.000Z";
  return toEvidenceTicket({
    id: `id-${n}`, number: n, kind: "GRANT", exceptionType: null, status: "CLOSED", justification: `Needed for ticket ${n}`,
    scope: { schema: "billing" }, approvedScope: null, expiresAt: null, riskScore: 20, riskTier: "LOW", decisionRoute: "WORKFLOW",
    policyRuleId: "default", decisionReasons: [], submittedAt: at, decidedAt: at, closedAt: at, createdAt: at,
    requester: { name: "Rina Eriksen", email: "rina@acme.example" },
    subject: { name: `subject.${n}`, displayName: `Subject ${n}`, kind: "HUMAN", nhiType: null, ownerId: null },
    system: { key: "billing-db", name: "Billing database" }, entitlement: { key: "billing_read", name: "Read billing" },
    policyVersion: { version: 3, contentHash: "a".repeat(64) },
    stages: [{ position: 1, name: "Manager", status: "APPROVED", quorum: 1, startedAt: at, completedAt: at }],
    decisions: [{ outcome: "APPROVE", comment: null, narrowedScope: null, shortenedExpiresAt: null, createdAt: at, approver: { name: "Hugo Okafor", email: "hugo@acme.example" }, onBehalfOf: null, stage: { position: 1, name: "Manager" } }],
    grants: [], evidence: [{ kind: "GRANTED", connectorType: "POSTGRES", summary: "role present", observed: {}, artefactSha256: null, verifiedAt: at, grantId: null, attestedBy: null, grantType: "ENTITLEMENT" }],
    auditEvents: [{ seq: String(n * 10), occurredAt: at, actorType: "USER", action: "request.submitted", entityType: "AccessRequest", entityId: `id-${n}`, data: {}, prevHash: "0".repeat(64), hash: `${n}`.padStart(64, "f"), actor: { name: "Rina Eriksen", email: "rina@acme.example" } }],
    ...over,
  });
}

async function report(tickets: EvidenceTicket[], limit?: number): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on("data", (c: Buffer) => parts.push(c));
  const pdf = new ReportPdf(out, "Access evidence pack", ["Tickets: n"], tickets.length, limit);
  for (const t of tickets) pdf.addTicket(t);
  await pdf.end(CONTROLS.map((c) => `${c.ref}: 1 of ${tickets.length} tickets`));
  return Buffer.concat(parts);
}

describe("evidence report layout", () => {
  it("gives each ticket its pages up to the limit and says where the timelines are past it", () => {
    expect(reportPlan(1).detailed).toBe(true);
    expect(reportPlan(DETAIL_LIMIT).detailed).toBe(true);
    const over = reportPlan(DETAIL_LIMIT + 1);
    expect(over.detailed).toBe(false);
    expect(over.contents.join(" ")).toMatch(/more than the 200 that get a page each.*tickets\.json.*events\.csv/);
    expect(over.contents.join(" ")).toContain("Export a selection of 200 tickets or fewer to get a page per ticket.");
    expect(reportPlan(0).contents).toEqual([]);
  });

  it("numbers controls in catalogue order and collapses runs", () => {
    expect(controlNumbers([CONTROLS[0].id, CONTROLS[3].id, CONTROLS[4].id, CONTROLS[5].id, CONTROLS[9].id])).toBe("1,4-6,10");
    expect(controlNumbers([CONTROLS[1].id, CONTROLS[0].id])).toBe("1,2");
    expect(controlNumbers(["not-a-control"])).toBe("");
  });

  it("cuts a cell with an ellipsis and pads a short one, so columns line up", () => {
    expect(fitCell("abcdef", 4)).toBe("abc\u2026");
    expect(fitCell("ab", 4)).toBe("ab  ");
    expect(fitCell("two\nlines", 9)).toBe("two lines");
  });

  it("writes one fixed-width row per ticket that fits a landscape A4 line", () => {
    const t = ticket(123, { subject: { name: "a-very-long-subject-name-that-does-not-fit-its-column", displayName: "x", kind: "NHI", nhiType: "BOT", ownerId: "o" } });
    const line = summaryLine(t);
    expect(SUMMARY_WIDTH).toBeLessThanOrEqual(197);
    expect(line.length).toBeLessThanOrEqual(SUMMARY_WIDTH);
    expect(line.startsWith("AR-000123 ")).toBe(true);
    expect(line).toContain("a-very-long-subject-name-that-d\u2026");
    expect(line).toContain("billing-db / billing_read");
    expect(line).toContain("Hugo Okafor");
    expect(line).toContain("GRANTED");
    expect(line.trimEnd().split(/\s+/).at(-1)).toBe(controlNumbers(t.controls));
    expect(SUMMARY_HEADER.split(/\s+/)).toEqual(SUMMARY_COLUMNS.map((c) => c.title));
  });
});

describe("evidence report PDF", () => {
  it("keeps the per-ticket pages of a small pack after its summary", async () => {
    const pdf = await report([ticket(1), ticket(2)]);
    const text = pdfTextRuns(pdf);
    expect(text[0]).toBe("Access evidence pack");
    expect(text.filter((r) => /^AR-00000[12] .*billing-db \/ billing_read/.test(r))).toHaveLength(2);
    expect(text).toContain("AR-000001  GRANT  CLOSED");
    expect(text).toContain("AR-000002  GRANT  CLOSED");
    expect(text).toContain("Timeline");
    expect(text.some((r) => r.includes(`hash ${"2".padStart(64, "f")}`))).toBe(true);
    expect(text).toContain("Controls supported");
    // Title, summary, a page per ticket, controls.
    expect(pdfPageCount(pdf)).toBe(5);
    expect(text.indexOf("Tickets")).toBeLessThan(text.indexOf("AR-000001  GRANT  CLOSED"));
  });

  it("past the limit lists every ticket in the summary and has no per-ticket pages", async () => {
    const tickets = Array.from({ length: 130 }, (_, i) => ticket(i + 1));
    const pdf = await report(tickets, 100);
    const text = pdfTextRuns(pdf);
    const rows = text.filter((r) => /^AR-\d{6} /.test(r));
    expect(rows.map((r) => r.slice(0, 9))).toEqual(tickets.map((t) => t.number));
    expect(text.some((r) => /^AR-\d{6} {2}GRANT {2}CLOSED$/.test(r))).toBe(false);
    expect(text).not.toContain("Timeline");
    expect(text.join(" ")).toContain("more than the 100 that get a page each");
    expect(text).toContain("Tickets (continued from row 59)");
    expect(text.at(-1)).toMatch(/^10 {2}A\.5\.18: 1 of 130 tickets$/);
    // Title, three summary pages of 58 rows, controls.
    expect(pdfPageCount(pdf)).toBe(5);
  });

  it("says so when no ticket matches", async () => {
    const text = pdfTextRuns(await report([]));
    expect(text).toContain("No tickets match this selection.");
    expect(text).not.toContain("Controls supported");
  });
});
