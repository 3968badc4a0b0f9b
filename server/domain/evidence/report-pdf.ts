import PDFDocument from "pdfkit";
import type { Writable } from "node:stream";
import type { EvidenceTicket } from "./tickets";

const GREY = "#555555";

/** The readable report: a title page, then per ticket a heading, its facts and its timeline. */
export class ReportPdf {
  private readonly doc: PDFKit.PDFDocument;
  private first = true;

  constructor(out: Writable, title: string, lines: string[]) {
    this.doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: title }, compress: true });
    this.doc.pipe(out);
    this.doc.font("Helvetica-Bold").fontSize(20).text(title);
    this.doc.moveDown(0.5).font("Helvetica").fontSize(10).fillColor(GREY);
    for (const line of lines) this.doc.text(line);
    this.doc.fillColor("black");
  }

  addTicket(t: EvidenceTicket): void {
    const doc = this.doc;
    if (!this.first || doc.y > 200) doc.addPage();
    else doc.moveDown(2);
    this.first = false;
    doc.font("Helvetica-Bold").fontSize(15).fillColor("black").text(`${t.number}  ${t.kind}${t.exceptionType ? ` (${t.exceptionType})` : ""}  ${t.status}`);
    doc.moveDown(0.4);
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
    for (const [label, value] of facts) {
      doc.font("Helvetica-Bold").fontSize(9).text(`${label}: `, { continued: true }).font("Helvetica").text(value);
    }
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(11).text("Timeline");
    if (t.auditEvents.length === 0) doc.font("Helvetica").fontSize(9).fillColor(GREY).text("No audit events.").fillColor("black");
    for (const e of t.auditEvents) {
      doc.font("Helvetica").fontSize(9).fillColor("black").text(`${e.occurredAt}  #${e.seq}  ${e.action}  by ${e.actor?.name ?? e.actorType}`);
      doc.fontSize(7).fillColor(GREY).text(`hash ${e.hash}`, { indent: 12 }).fillColor("black");
    }
  }

  /** Closes the report with a page of how many tickets support each control. */
  end(controlLines: string[]): void {
    if (this.first) this.doc.moveDown(2).font("Helvetica").fontSize(11).text("No tickets match this selection.");
    else {
      this.doc.addPage().font("Helvetica-Bold").fontSize(15).fillColor("black").text("Controls supported");
      this.doc.moveDown(0.5).font("Helvetica").fontSize(10);
      for (const line of controlLines) this.doc.text(line);
    }
    this.doc.end();
  }
}
