import type { ColumnDef } from "@tanstack/react-table";
import type { FilterField, TableSpec } from "@/components/data-table";
import type { AdminEntitlement } from "@/server/domain/catalogue-admin/entitlements";
import type { EntitlementListInput } from "@/server/domain/catalogue-admin/inputs";
import { FlagBadge, TierBadge } from "./badges";
import { RISK_TIER_OPTIONS } from "./options";
import { CATALOGUE_PAGE_SIZES, editColumn, pickOption } from "./table-parts";

export type EntitlementSort = "system" | "key" | "name" | "riskTier" | "maxTtlHours" | "updatedAt";
export type EntitlementFilter = "q" | "system" | "risk" | "requestable";

export const ENTITLEMENT_SPEC: TableSpec<EntitlementSort, EntitlementFilter> = {
  sorts: ["system", "key", "name", "riskTier", "maxTtlHours", "updatedAt"],
  defaultSort: "system",
  defaultDir: "asc",
  filters: ["q", "system", "risk", "requestable"],
  ...CATALOGUE_PAGE_SIZES,
};

export function entitlementFilters(systems: { id: string; name: string }[]): FilterField<EntitlementFilter>[] {
  return [
    { id: "q", kind: "text", label: "Search", placeholder: "Key, name or system" },
    { id: "system", kind: "select", label: "System", options: systems.map((s) => ({ value: s.id, label: s.name })), allLabel: "All systems" },
    { id: "risk", kind: "select", label: "Risk tier", options: RISK_TIER_OPTIONS, allLabel: "Any tier" },
    {
      id: "requestable",
      kind: "select",
      label: "Requestable",
      options: [
        { value: "yes", label: "Requestable" },
        { value: "no", label: "Not requestable" },
      ],
      allLabel: "Either",
    },
  ];
}

/** The URL's table state as the list procedure's input. */
export function toEntitlementInput(query: { page: number; pageSize: number; sort: EntitlementSort; dir: "asc" | "desc"; filters: Partial<Record<EntitlementFilter, string>> }): EntitlementListInput {
  const { q, system, risk, requestable } = query.filters;
  return {
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort,
    direction: query.dir,
    q: q || undefined,
    systemId: system && /^[0-9a-f-]{36}$/i.test(system) ? system : undefined,
    riskTier: pickOption(RISK_TIER_OPTIONS, risk),
    requestable: requestable === "yes" ? true : requestable === "no" ? false : undefined,
  };
}

export function entitlementColumns(onEdit: (row: AdminEntitlement) => void): ColumnDef<AdminEntitlement>[] {
  return [
    {
      id: "system",
      header: "System",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="font-medium text-ink">{row.original.system.name}</p>
          <p className="text-xs text-muted">{row.original.system.environment.toLowerCase()}</p>
        </div>
      ),
    },
    {
      id: "name",
      header: "Entitlement",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="text-ink">{row.original.name}</p>
          <p className="font-mono text-xs text-muted">{row.original.ref}</p>
        </div>
      ),
    },
    { id: "riskTier", header: "Risk", cell: ({ row }) => <TierBadge tier={row.original.riskTier} /> },
    { id: "privileged", header: "Privileged", cell: ({ row }) => <FlagBadge on={row.original.privileged} label="privileged" /> },
    {
      id: "maxTtlHours",
      header: "Max TTL",
      meta: { className: "text-right tabular-nums" },
      cell: ({ row }) => (row.original.maxTtlHours === null ? <span className="text-muted">policy caps</span> : `${row.original.maxTtlHours.toLocaleString("en")} h`),
    },
    {
      id: "requestable",
      header: "Requestable",
      cell: ({ row }) => (row.original.requestable ? <span className="text-sm text-green-800">Yes</span> : <span className="text-sm text-muted">No</span>),
    },
    editColumn(onEdit, (row) => row.ref),
  ];
}
