import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { TableQuery, TableSpec } from "@/components/data-table/table-query";
import { StatusBadge, statusLabel } from "@/components/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { RequestKind, RequestStatus } from "@/server/db/generated/enums";
import { REQUEST_SORTS } from "@/server/domain/requests/input";
import { formatDateTime, KIND_LABELS } from "../labels";
import { RiskBadge } from "../risk-badge";
import type { RouterOutputs } from "../router-types";

export type MyRequestRow = RouterOutputs["requests"]["mine"]["items"][number];
type Sort = (typeof REQUEST_SORTS)[number];
type Filter = "status" | "kind" | "q";
export type MyRequestsQuery = TableQuery<Sort, Filter>;

export const MY_REQUESTS_SPEC: TableSpec<Sort, Filter> = {
  sorts: REQUEST_SORTS,
  defaultSort: "updatedAt",
  defaultDir: "desc",
  filters: ["status", "kind", "q"],
  pageSizes: [10, 20, 50],
  defaultPageSize: 20,
};

export const MY_REQUESTS_FILTERS = [
  { id: "q", kind: "text", label: "Search", placeholder: "Number, access or subject" },
  {
    id: "status",
    kind: "select",
    label: "Status",
    allLabel: "Any status",
    options: Object.values(RequestStatus).map((value) => ({ value, label: statusLabel(value) })),
  },
  {
    id: "kind",
    kind: "select",
    label: "Kind",
    allLabel: "Any kind",
    options: Object.values(RequestKind).map((value) => ({ value, label: KIND_LABELS[value] })),
  },
] as const;

export const myRequestsColumns: ColumnDef<MyRequestRow>[] = [
  {
    id: "number",
    header: "Number",
    cell: ({ row }) => (
      <Link href={`/requests/${row.original.number}`} className="font-mono text-xs font-medium whitespace-nowrap text-brand-700 hover:underline">
        {row.original.number}
      </Link>
    ),
    meta: { className: "w-28" },
  },
  {
    id: "title",
    header: "Request",
    cell: ({ row }) => <span className="line-clamp-2 font-medium text-ink">{row.original.title}</span>,
  },
  {
    id: "subject",
    header: "For",
    cell: ({ row }) => <span className="text-muted">{row.original.subjectName}</span>,
    meta: { className: "hidden md:table-cell" },
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <StatusBadge status={row.original.status} />,
  },
  {
    id: "riskTier",
    header: "Risk",
    cell: ({ row }) => <RiskBadge tier={row.original.riskTier} />,
    meta: { className: "hidden lg:table-cell" },
  },
  {
    id: "expiresAt",
    header: "Expires",
    cell: ({ row }) =>
      row.original.expiresAt ? (
        <span className="whitespace-nowrap text-xs text-muted" title={formatDateTime(row.original.expiresAt)}>
          <RelativeTime date={row.original.expiresAt} />
        </span>
      ) : (
        <span className="text-xs text-muted">No end date</span>
      ),
    meta: { className: "hidden sm:table-cell" },
  },
  {
    id: "updatedAt",
    header: "Updated",
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-xs text-muted">
        <RelativeTime date={row.original.updatedAt} />
      </span>
    ),
  },
];
