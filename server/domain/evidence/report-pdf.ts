import PDFDocument from "pdfkit";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { setImmediate as turn } from "node:timers/promises";
import { CONTROL_KEY, DETAIL_LIMIT, reportPlan, SUMMARY_HEADER, SUMMARY_WIDTH, summaryLine, type ReportPlan } from "./report-layout";
import type { EvidenceTicket } from "./tickets";

const GREY = "#555555";
const SHADE = "#eeeeee";
const MONO = "Courier";
const MONO_BOLD = "Courier-Bold";
/** Courier's every glyph is 600/1000 of an em wide, so a line's width is known without measuring it. */
const MONO_ADVANCE = 0.6;
const SUMMARY_SIZE = 6.5;
const SUMMARY_ROW = 8.5;
const SUMMARY_PAGE = { size: "A4", layout: "landscape", margin: 36 } as const;
/** The width of a summary line in points. */
const SUMMARY_LINE_WIDTH = SUMMARY_WIDTH * MONO_ADVANCE * SUMMARY_SIZE;

/**
 * The readable report: a title page, a summary table of every ticket (one row each, landscape),
 * for packs up to `DETAIL_LIMIT` tickets a page per ticket with its facts and timeline, and a
 * closing page of the controls supported. Summary rows are written as the tickets stream past;
 * the per-ticket pages come after the table, so those few tickets are held until `end`.
 */
export class ReportPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly plan: ReportPlan;
  private readonly details: EvidenceTicket[] = [];
  private rows = 0;
  private rowY = Infinity;

  constructor(out: Writable, title: string, lines: string[], total: number, private readonly limit = DETAIL_LIMIT) {
    this.plan = reportPlan(total, limit);
    this.doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: title }, compress: true });
    // The pack file is ended by its owner once `end` has resolved, never by the document.
    this.doc.pipe(out, { end: false });
    const doc = this.doc;
    doc.font("Helvetica-Bold").fontSize(20).text(title);
    doc.moveDown(0.5).font("Helvetica").fontSize(10).fillColor(GREY);
    for (const line of lines) doc.text(line);
    doc.fillColor("black");
    if (this.plan.contents.length === 0) return;
    doc.moveDown(1.5).font("Helvetica-Bold").fontSize(12).text("This report");
    doc.moveDown(0.3).font("Helvetica").fontSize(10);
    for (const line of this.plan.contents) doc.text(line).moveDown(0.3);
    doc.moveDown(1).font("Helvetica-Bold").fontSize(12).text("Control numbers in the summary");
    doc.moveDown(0.3).font("Helvetica").fontSize(9);
    for (const c of CONTROL_KEY) doc.text(`${c.number}  ${c.label}`);
  }

  addTicket(t: EvidenceTicket): void {
    this.summaryRow(summaryLine(t));
    if (this.plan.detailed && this.details.length < this.limit) this.details.push(t);
  }

  /** One text call per row in a fixed-width font, cut to its columns beforehand: no line wrapping. */
  private summaryRow(text: string): void {
    const doc = this.doc;
    if (this.rowY + SUMMARY_ROW > doc.page.height - doc.page.margins.bottom) this.summaryPage();
    const x = doc.page.margins.left;
    if (this.rows % 2 === 1) doc.rect(x - 2, this.rowY - 1.5, SUMMARY_LINE_WIDTH + 4, SUMMARY_ROW).fill(SHADE);
    doc.fillColor("black").font(MONO).fontSize(SUMMARY_SIZE);
    doc.text(text, x, this.rowY, { lineBreak: false });
    this.rowY += SUMMARY_ROW;
    this.rows++;
  }

  private summaryPage(): void {
    const doc = this.doc.addPage(SUMMARY_PAGE);
    const x = doc.page.margins.left;
    doc.font("Helvetica-Bold").fontSize(11).fillColor("black").text(this.rows === 0 ? "Tickets" : `Tickets (continued from row ${this.rows + 1})`, x, doc.page.margins.top, { lineBreak: false });
    const headerY = doc.page.margins.top + 18;
    doc.font(MONO_BOLD).fontSize(SUMMARY_SIZE).text(SUMMARY_HEADER, x, headerY, { lineBreak: false });
    const ruleY = headerY + SUMMARY_ROW;
    doc.moveTo(x, ruleY - 1.5).lineTo(x + SUMMARY_LINE_WIDTH, ruleY - 1.5).lineWidth(0.5).stroke("black");
    this.rowY = ruleY + 1;
  }

  /**
   * Closes the report: the per-ticket pages when the plan has them, then how many tickets support
   * each control. Resolves once every byte has been handed to `out`; between tickets it lets the
   * written pages flow out, so they do not pile up in the document's buffer.
   */
  async end(controlLines: string[]): Promise<void> {
    const doc = this.doc;
    if (this.rows === 0) doc.moveDown(2).font("Helvetica").fontSize(11).text("No tickets match this selection.");
    else {
      for (const t of this.details.splice(0)) {
        this.ticketPages(t);
        await turn();
      }
      doc.addPage().font("Helvetica-Bold").fontSize(15).fillColor("black").text("Controls supported");
      doc.moveDown(0.5).font("Helvetica").fontSize(10);
      controlLines.forEach((line, i) => doc.text(`${i + 1}  ${line}`));
    }
    const done = finished(doc, { writable: false });
    doc.end();
    await done;
  }

  private ticketPages(t: EvidenceTicket): void {
    const doc = this.doc.addPage();
    doc.font("Helvetica-Bold").fontSize(15).fillColor("black").text(`${t.number}  ${t.kind}${t.exceptionType ? ` (${t.exceptionType})` : ""}  ${t.status}`);
    doc.moveDown(0.4);
    for (const [label, value] of ticketFacts(t)) {
      doc.font("Helvetica-Bold").fontSize(9).text(`${label}: `, { continued: true }).font("Helvetica").text(value);
    }
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(11).text("Timeline");
    if (t.auditEvents.length === 0) doc.font("Helvetica").fontSize(9).fillColor(GREY).text("No audit events.").fillColor("black");
    for (const e of t.auditEvents) {
      this.plainLine(`${e.occurredAt}  #${e.seq}  ${e.action}  by ${e.actor?.name ?? e.actorType}`, 9, "black", 0);
      this.plainLine(`hash ${e.hash}`, 7, GREY, 12);
    }
    doc.fillColor("black");
  }

  /** A short line that never wraps, so it is laid out once; breaks to a new page when the page is full. */
  private plainLine(text: string, size: number, color: string, indent: number): void {
    const doc = this.doc.font("Helvetica").fontSize(size).fillColor(color);
    const height = doc.currentLineHeight(true);
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    doc.text(text, doc.page.margins.left + indent, y, { lineBreak: false });
    doc.x = doc.page.margins.left;
    doc.y = y + height;
  }
}

/** The label/value lines at the top of a ticket's page. */
export function ticketFacts(t: EvidenceTicket): [string, string][] {
  const facts: [string, string][] = [
    ["Subject", `${t.subject.displayName} (${t.subject.name}, ${t.subject.kind})`],
    ["Requester", t.requester ? `${t.requester.name} <${t.requester.email}>` : "none"],
    ["Access", [t.system?.name, t.entitlement?.name].filter(Boolean).join(" / ") || "none"],
    ["Justification", t.justification],
    ["Requested scope", JSON.stringify(t.scope.requested)],
    ["Approved scope", t.scope.approved === null ? "none" : JSON.stringify(t.scope.approved)],
    ["Expires", t.expiresAt ?? "no expiry"],
    ["Policy", t.decision.policyVersion === null ? "none" : `version ${t.decision.policyVersion}, hash ${t.decision.policyHash}, rule ${t.decision.rule ?? "none"}`],
    ["Decision", `${t.decision.route ?? "none"}, risk ${t.decision.riskTier ?? "?"} (${t.decision.riskScore ?? "?"})`],
    ["Controls", t.controls.join(", ") || "none"],
  ];
  for (const d of t.decisions) {
    const behalf = d.onBehalfOf ? ` on behalf of ${d.onBehalfOf.name}` : "";
    facts.push([`${d.stageName}: ${d.outcome}`, `${d.approver?.name ?? "?"}${behalf} at ${d.at}${d.comment ? `: "${d.comment}"` : ""}`]);
  }
  for (const g of t.grants) {
    facts.push(["Grant", `${g.type} ${g.status} via ${g.connectorType}${g.externalRef ? ` (${g.externalRef})` : ""}, granted ${g.grantedAt ?? "-"}, revoked ${g.revokedAt ?? "-"}`]);
  }
  for (const e of t.closureEvidence) facts.push([`Evidence ${e.kind}`, `${e.summary} (read ${e.verifiedAt})`]);
  return facts;
}
