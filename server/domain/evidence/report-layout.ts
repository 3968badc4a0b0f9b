import { CONTROLS } from "@/server/domain/controls/catalogue";
import type { EvidenceTicket } from "./tickets";

/**
 * Up to this many tickets the report gives each its own pages (facts and timeline). Past it a
 * report of thousands of pages helps nobody and costs minutes, so the report keeps the one-row
 * summary and points to tickets.json and events.csv, which always hold every ticket and event.
 */
export const DETAIL_LIMIT = 200;

export interface ReportPlan {
  /** Whether each ticket gets its own pages after the summary. */
  detailed: boolean;
  /** What the title page says about the report's parts. */
  contents: string[];
}

export function reportPlan(total: number, limit = DETAIL_LIMIT): ReportPlan {
  if (total === 0) return { detailed: false, contents: [] };
  const summary = `A summary table lists every ticket, one row each; its last column numbers the controls the ticket supports (key below).`;
  const closing = "The last page counts the tickets that support each control.";
  if (total <= limit) {
    return { detailed: true, contents: [summary, "Then each ticket has a page of its own: its facts, approvals, grants, closure evidence and audit timeline with each event's hash.", closing] };
  }
  return {
    detailed: false,
    contents: [
      summary,
      `This pack holds ${total} tickets, more than the ${limit} that get a page each, so this report has no per-ticket pages. Each ticket's full record and timeline is in tickets.json, and every audit event with its hashes is in events.csv.`,
      `Export a selection of ${limit} tickets or fewer to get a page per ticket.`,
      closing,
    ],
  };
}

/** Controls are numbered in catalogue order, so the summary's last column stays a few characters wide. */
export const CONTROL_KEY: { number: number; id: string; label: string }[] = CONTROLS.map((c, i) => ({ number: i + 1, id: c.id, label: `${c.framework} ${c.ref} (${c.title})` }));

const CONTROL_NUMBER = new Map(CONTROL_KEY.map((c) => [c.id, c.number]));

/** "1-4,6,8-10": the numbers of the given controls, runs collapsed. */
export function controlNumbers(ids: readonly string[]): string {
  const numbers = [...new Set(ids.map((id) => CONTROL_NUMBER.get(id)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${numbers[i]}-${numbers[j]}` : numbers.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return runs.join(",");
}

export interface SummaryColumn {
  title: string;
  width: number;
  cell: (t: EvidenceTicket) => string;
}

function approvers(t: EvidenceTicket): string {
  if (t.decisions.length === 0) return t.decision.route === "AUTO_APPROVE" ? "auto-approved" : "-";
  return t.decisions.map((d) => `${d.approver?.name ?? "?"}${d.outcome === "APPROVE" ? "" : ` (${d.outcome})`}`).join("; ");
}

/** The summary's columns, widths in characters of a monospaced font. */
export const SUMMARY_COLUMNS: SummaryColumn[] = [
  { title: "Number", width: 10, cell: (t) => t.number },
  { title: "Kind", width: 20, cell: (t) => (t.exceptionType ? `${t.kind} ${t.exceptionType}` : t.kind) },
  { title: "Status", width: 17, cell: (t) => t.status },
  { title: "Subject", width: 32, cell: (t) => t.subject.name },
  { title: "Access", width: 44, cell: (t) => [t.system?.key, t.entitlement?.key].filter(Boolean).join(" / ") || "-" },
  { title: "Approvers", width: 32, cell: approvers },
  { title: "Closure", width: 16, cell: (t) => t.closureEvidence.map((e) => e.kind).join(", ") || "-" },
  { title: "Controls", width: 12, cell: (t) => controlNumbers(t.controls) || "-" },
];

export const COLUMN_GAP = 2;

/** Characters in one summary line. */
export const SUMMARY_WIDTH = SUMMARY_COLUMNS.reduce((sum, c) => sum + c.width, 0) + COLUMN_GAP * (SUMMARY_COLUMNS.length - 1);

/** The text cut to `width` characters (the last one an ellipsis when cut) and padded to it. */
export function fitCell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, width - 1)}\u2026`;
}

function line(cells: string[]): string {
  return cells.map((c, i) => fitCell(c, SUMMARY_COLUMNS[i]!.width)).join(" ".repeat(COLUMN_GAP)).trimEnd();
}

export const SUMMARY_HEADER = line(SUMMARY_COLUMNS.map((c) => c.title));

/** One ticket's summary row as one line of fixed-width text: one text call per ticket. */
export function summaryLine(t: EvidenceTicket): string {
  return line(SUMMARY_COLUMNS.map((c) => c.cell(t)));
}
