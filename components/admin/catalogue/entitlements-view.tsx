"use client";

import { useMemo, useState } from "react";
import { DataTable, DataTableToolbar, useServerTable, type TablePage, type TableQuery } from "@/components/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import type { AdminEntitlement } from "@/server/domain/catalogue-admin/entitlements";
import { buttonPrimary } from "../styles";
import { ENTITLEMENT_SPEC, entitlementColumns, entitlementFilters, toEntitlementInput, type EntitlementFilter, type EntitlementSort } from "./entitlement-columns";
import { EntitlementForm, NEW_ENTITLEMENT, type EntitlementFormValue } from "./entitlement-form";
import { SidePanel } from "./side-panel";

export interface EntitlementsInitial {
  query: TableQuery<EntitlementSort, EntitlementFilter>;
  page: TablePage<AdminEntitlement>;
}

function toFormValue(row: AdminEntitlement): EntitlementFormValue {
  return {
    id: row.id,
    systemId: row.system.id,
    key: row.key,
    name: row.name,
    description: row.description,
    scope: row.scope,
    riskTier: row.riskTier,
    privileged: row.privileged,
    maxTtlHours: row.maxTtlHours,
    requestable: row.requestable,
  };
}

export function EntitlementsView({ initial, systems }: { initial: EntitlementsInitial; systems: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const { query, setQuery, table } = useServerTable(ENTITLEMENT_SPEC, initial, (q) => trpc.catalogueAdmin.entitlements.queryOptions(toEntitlementInput(q)));
  const [editing, setEditing] = useState<EntitlementFormValue | null>(null);
  const columns = useMemo(() => entitlementColumns((row) => setEditing(toFormValue(row))), []);
  const filters = useMemo(() => entitlementFilters(systems), [systems]);
  return (
    <>
      <DataTable
        {...table}
        label="Entitlements"
        columns={columns}
        toolbar={
          <DataTableToolbar fields={filters} query={query} onQueryChange={setQuery}>
            <button type="button" className={buttonPrimary} onClick={() => setEditing({ ...NEW_ENTITLEMENT, systemId: query.filters.system ?? "" })}>
              + New entitlement
            </button>
          </DataTableToolbar>
        }
        empty={<EmptyState title="No entitlement matches these filters">Clear the filters, or add an entitlement.</EmptyState>}
      />
      {editing ? (
        <SidePanel title={editing.id ? `Edit ${editing.name}` : "New entitlement"} onClose={() => setEditing(null)}>
          <EntitlementForm initial={editing} onDone={() => setEditing(null)} />
        </SidePanel>
      ) : null}
    </>
  );
}
