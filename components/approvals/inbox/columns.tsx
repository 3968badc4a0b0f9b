import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { FilterField } from "@/components/data-table/toolbar";
import { formatDateTime, kindLabel, KIND_LABELS } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import type { RouterOutputs } from "@/components/requests/router-types";
import { RelativeTime } from "@/components/ui/relative-time";
import { RequestKind, RiskTier } from "@/server/db/generated/enums";
import type { InboxFilter } from "./input";
import { SelectAllLowRisk, SelectRow, type InboxSelection } from "./selection";
import { SlaCountdown } from "./sla-countdown";

export type InboxRow = RouterOutputs["approvals"]["inbox"]["items"][number];

// The server page reads the spec from here with the columns.
export { INBOX_SPEC } from "./input";

const SLA_OPTIONS = [
  { value: "overdue", label: "Overdue" },
  { value: "due_soon", label: "Due soon" },
  { value: "ok", label: "On track" },
];

/**
 * The inbox filters. The system filter is a list when the catalogue could be read for this user,
 * and a field for the system's key otherwise.
 */
export function inboxFilters(systems: readonly { key: string; name: string }[] | null): FilterField<InboxFilter>[] {
  return [
    { id: "q", kind: "text", label: "Search", placeholder: "Number, access or person" },
    {
      id: "risk",
      kind: "select",
      label: "Risk",
      allLabel: "Any risk",
      options: Object.values(RiskTier).map((value) => ({ value, label: `${value.charAt(0)}${value.slice(1).toLowerCase()}` })),
    },
    systems
      ? { id: "system", kind: "select", label: "System", allLabel: "Any system", options: systems.map((s) => ({ value: s.key, label: s.name })) }
      : { id: "system", kind: "text", label: "System key", placeholder: "e.g. orders-db" },
    {
      id: "kind",
      kind: "select",
      label: "Kind",
      allLabel: "Any kind",
      options: Object.values(RequestKind).map((value) => ({ value, label: KIND_LABELS[value] })),
    },
    { id: "sla", kind: "select", label: "SLA", allLabel: "Any SLA state", options: SLA_OPTIONS },
  ];
}

function KindBadge({ row }: { row: InboxRow }) {
  const exception = row.kind === "EXCEPTION";
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-md px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${
        exception ? "bg-violet-50 text-violet-800 ring-violet-200" : "bg-slate-50 text-slate-700 ring-slate-200"
      }`}
    >
      {kindLabel(row.kind, row.exceptionType)}
    </span>
  );
}

function People({ row, inline = false }: { row: InboxRow; inline?: boolean }) {
  const self = row.subject.kind === "HUMAN" && row.subject.name === row.requester.name;
  return (
    <div className={`flex min-w-0 text-xs ${inline ? "flex-row flex-wrap items-center gap-x-1.5" : "flex-col gap-0.5"}`}>
      <span className="truncate font-medium text-ink" title={row.requester.department ? `${row.requester.name}, ${row.requester.department}` : row.requester.name}>
        {row.requester.name}
      </span>
      <span className="flex items-center gap-1.5 text-muted">
        <span aria-hidden="true">→</span>
        <span className="sr-only">for</span>
        {self ? (
          <span>themself</span>
        ) : (
          <>
            <span className="truncate">{row.subject.name}</span>
            {row.subject.kind === "NHI" ? (
              <span title="Non-human identity" className="rounded bg-indigo-50 px-1 text-[10px] font-semibold tracking-wide text-indigo-800 ring-1 ring-inset ring-indigo-200">
                NHI
              </span>
            ) : null}
          </>
        )}
      </span>
    </div>
  );
}

export function inboxColumns(selection: InboxSelection): ColumnDef<InboxRow>[] {
  return [
    {
      id: "select",
      header: () => <SelectAllLowRisk selection={selection} />,
      cell: ({ row }) => <SelectRow selection={selection} row={row.original} />,
      meta: { className: "w-10 pr-0" },
    },
    {
      id: "number",
      header: "Ticket",
      cell: ({ row }) => (
        <Link href={`/approvals/${row.original.reference}`} className="font-mono text-xs font-medium whitespace-nowrap text-brand-700 hover:underline">
          {row.original.reference}
        </Link>
      ),
      meta: { className: "w-28" },
    },
    {
      id: "what",
      header: "What",
      cell: ({ row }) => (
        <div className="flex min-w-48 max-w-72 flex-col items-start gap-1">
          <span className="line-clamp-2 font-medium text-ink" title={row.original.title}>
            {row.original.title}
          </span>
          {/* Below 2xl the requester and subject ride under the title instead of in their own column. */}
          <div className="2xl:hidden">
            <People row={row.original} inline />
          </div>
          {/* On a phone the risk and SLA columns are hidden; their badges show here instead. */}
          <span className="flex flex-wrap items-center gap-1.5 md:hidden">
            <RiskBadge tier={row.original.riskTier} score={row.original.riskScore} />
            <SlaCountdown dueAt={row.original.dueAt} state={row.original.slaState} />
          </span>
          <span className="flex flex-wrap items-center gap-1.5">
            <KindBadge row={row.original} />
            {row.original.onBehalfOf ? (
              <span className="inline-flex whitespace-nowrap rounded-md bg-sky-50 px-1.5 py-0.5 text-[11px] font-medium text-sky-800 ring-1 ring-inset ring-sky-200">
                On behalf of {row.original.onBehalfOf}
              </span>
            ) : null}
          </span>
        </div>
      ),
    },
    {
      id: "people",
      header: "Requester → subject",
      cell: ({ row }) => <People row={row.original} />,
      meta: { className: "hidden 2xl:table-cell max-w-44" },
    },
    {
      id: "risk",
      header: "Risk",
      cell: ({ row }) => <RiskBadge tier={row.original.riskTier} score={row.original.riskScore} />,
      meta: { className: "hidden md:table-cell" },
    },
    {
      id: "stage",
      header: "Stage",
      cell: ({ row }) => {
        const { stage } = row.original;
        return (
          <span className="flex flex-col text-xs text-ink" title={`Stage ${stage.position + 1}: ${stage.approvals} of ${stage.quorum} approvals so far`}>
            <span>
              {stage.name} <span className="whitespace-nowrap text-muted">({stage.approvals}/{stage.quorum})</span>
            </span>
            <span className="text-muted">Stage {stage.position + 1}</span>
          </span>
        );
      },
      meta: { className: "hidden lg:table-cell min-w-28" },
    },
    {
      id: "sla",
      header: "SLA",
      cell: ({ row }) => <SlaCountdown dueAt={row.original.dueAt} state={row.original.slaState} />,
      meta: { className: "hidden md:table-cell" },
    },
    {
      id: "age",
      header: "Waiting since",
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-xs text-muted" title={formatDateTime(row.original.waitingSince)}>
          <RelativeTime date={row.original.waitingSince} />
        </span>
      ),
      meta: { className: "hidden xl:table-cell" },
    },
  ];
}
