import type { ColumnDef } from "@tanstack/react-table";
import type { FilterField, TableSpec } from "@/components/data-table";
import type { AdminSystem } from "@/server/domain/catalogue-admin/systems";
import type { SystemListInput } from "@/server/domain/catalogue-admin/inputs";
import { TierBadge } from "./badges";
import { CONNECTOR_OPTIONS, ENVIRONMENT_OPTIONS, RISK_TIER_OPTIONS } from "./options";
import { CATALOGUE_PAGE_SIZES, editColumn, pickOption } from "./table-parts";

export type SystemSort = "key" | "name" | "riskTier" | "environment" | "connectorType" | "updatedAt";
export type SystemFilter = "q" | "risk" | "environment" | "connector";

export const SYSTEM_SPEC: TableSpec<SystemSort, SystemFilter> = {
  sorts: ["key", "name", "riskTier", "environment", "connectorType", "updatedAt"],
  defaultSort: "key",
  defaultDir: "asc",
  filters: ["q", "risk", "environment", "connector"],
  ...CATALOGUE_PAGE_SIZES,
};

export const SYSTEM_FILTERS: FilterField<SystemFilter>[] = [
  { id: "q", kind: "text", label: "Search", placeholder: "Key or name" },
  { id: "risk", kind: "select", label: "Risk tier", options: RISK_TIER_OPTIONS, allLabel: "Any tier" },
  { id: "environment", kind: "select", label: "Environment", options: ENVIRONMENT_OPTIONS, allLabel: "Any" },
  { id: "connector", kind: "select", label: "Connector", options: CONNECTOR_OPTIONS, allLabel: "Any" },
];

export function toSystemInput(query: { page: number; pageSize: number; sort: SystemSort; dir: "asc" | "desc"; filters: Partial<Record<SystemFilter, string>> }): SystemListInput {
  return {
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort,
    direction: query.dir,
    q: query.filters.q || undefined,
    riskTier: pickOption(RISK_TIER_OPTIONS, query.filters.risk),
    environment: pickOption(ENVIRONMENT_OPTIONS, query.filters.environment),
    connectorType: pickOption(CONNECTOR_OPTIONS, query.filters.connector),
  };
}

const CONNECTOR_LABELS = new Map<string, string>(CONNECTOR_OPTIONS.map((o) => [o.value, o.label]));

export function systemColumns(onEdit: (row: AdminSystem) => void): ColumnDef<AdminSystem>[] {
  return [
    {
      id: "name",
      header: "System",
      cell: ({ row }) => (
        <div>
          <p className="font-medium text-ink">{row.original.name}</p>
          <p className="font-mono text-xs text-muted">{row.original.key}</p>
        </div>
      ),
    },
    { id: "connectorType", header: "Connector", cell: ({ row }) => <span className="text-ink">{CONNECTOR_LABELS.get(row.original.connectorType)}</span> },
    {
      id: "owner",
      header: "Owner",
      cell: ({ row }) => (
        <div>
          <p className="text-ink">{row.original.owner.name}</p>
          <p className="text-xs text-muted">{row.original.owner.email}</p>
        </div>
      ),
    },
    { id: "riskTier", header: "Risk", cell: ({ row }) => <TierBadge tier={row.original.riskTier} /> },
    { id: "environment", header: "Environment", cell: ({ row }) => <span className="text-ink">{row.original.environment.toLowerCase()}</span> },
    { id: "entitlements", header: "Entitlements", meta: { className: "text-right tabular-nums" }, cell: ({ row }) => row.original.entitlementCount },
    editColumn(onEdit, (row) => row.key),
  ];
}
