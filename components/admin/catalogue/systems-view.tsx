"use client";

import { useMemo, useState } from "react";
import { DataTable, DataTableToolbar, useServerTable, type TablePage, type TableQuery } from "@/components/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import type { AdminSystem } from "@/server/domain/catalogue-admin/systems";
import { buttonPrimary } from "../styles";
import { SYSTEM_FILTERS, SYSTEM_SPEC, systemColumns, toSystemInput, type SystemFilter, type SystemSort } from "./system-columns";
import { NEW_SYSTEM, SystemForm, type SystemFormValue } from "./system-form";
import { SidePanel } from "./side-panel";

export interface SystemsInitial {
  query: TableQuery<SystemSort, SystemFilter>;
  page: TablePage<AdminSystem>;
}

function toFormValue(row: AdminSystem): SystemFormValue {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    connectorType: row.connectorType,
    connectorConfig: row.connectorConfig,
    owner: { id: row.owner.id, name: row.owner.name },
    riskTier: row.riskTier,
    environment: row.environment,
  };
}

export function SystemsView({ initial }: { initial: SystemsInitial }) {
  const trpc = useTRPC();
  const { query, setQuery, table } = useServerTable(SYSTEM_SPEC, initial, (q) => trpc.catalogueAdmin.systems.queryOptions(toSystemInput(q)));
  const [editing, setEditing] = useState<SystemFormValue | null>(null);
  const columns = useMemo(() => systemColumns((row) => setEditing(toFormValue(row))), []);
  return (
    <>
      <DataTable
        {...table}
        label="Systems"
        columns={columns}
        toolbar={
          <DataTableToolbar fields={SYSTEM_FILTERS} query={query} onQueryChange={setQuery}>
            <button type="button" className={buttonPrimary} onClick={() => setEditing(NEW_SYSTEM)}>
              + New system
            </button>
          </DataTableToolbar>
        }
        empty={<EmptyState title="No system matches these filters">Clear the filters, or add a system.</EmptyState>}
      />
      {editing ? (
        <SidePanel title={editing.id ? `Edit ${editing.name}` : "New system"} onClose={() => setEditing(null)}>
          <SystemForm initial={editing} onDone={() => setEditing(null)} />
        </SidePanel>
      ) : null}
    </>
  );
}
