"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { DataTable, DataTableToolbar, sameTableQuery, useTableQuery, type TablePage, type TableQuery } from "@/components/data-table";
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
  const { query, setQuery } = useTableQuery(SYSTEM_SPEC);
  const [editing, setEditing] = useState<SystemFormValue | null>(null);
  const result = useQuery({
    ...trpc.catalogueAdmin.systems.queryOptions(toSystemInput(query)),
    placeholderData: keepPreviousData,
    initialData: sameTableQuery(initial.query, query) ? initial.page : undefined,
  });
  const columns = useMemo(() => systemColumns((row) => setEditing(toFormValue(row))), []);
  return (
    <>
      <DataTable
        label="Systems"
        spec={SYSTEM_SPEC}
        columns={columns}
        query={query}
        onQueryChange={setQuery}
        data={result.data}
        isFetching={result.isFetching}
        error={result.error?.message ?? null}
        getRowId={(row) => row.id}
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
