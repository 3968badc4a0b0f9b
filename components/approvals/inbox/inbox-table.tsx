"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import type { TablePage } from "@/components/data-table/table-query";
import { DataTableToolbar } from "@/components/data-table/toolbar";
import type { TableQueryPatch } from "@/components/data-table/use-table-query";
import { useServerTable } from "@/components/data-table/use-server-table";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import type { InboxSort } from "@/server/domain/approvals/inbox-input";
import { BulkApproveBar, BulkResults, type BulkResult } from "./bulk-approve";
import { isBulkApprovable } from "./bulk-approvable";
import { inboxColumns, inboxFilters, type InboxRow } from "./columns";
import { INBOX_SPEC, toInboxInput, withNaturalDir, type InboxFilter, type InboxQuery } from "./input";
import type { InboxSelection } from "./selection";

// One ticket can wait on the approver through several assignments (their own and a delegator's),
// so a row is one assignment, never one ticket.
const assignmentKey = (row: InboxRow) => row.assignmentId;

export function InboxTable({
  initial,
  systems,
}: {
  initial: { query: InboxQuery; page: TablePage<InboxRow> };
  systems: readonly { key: string; name: string }[] | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { query, setQuery, table } = useServerTable(INBOX_SPEC, initial, (q) => trpc.approvals.inbox.queryOptions(toInboxInput(q)));
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<BulkResult[] | null>(null);

  // Only rows on screen can be ticked: a page, filter or refresh change drops the rest.
  const selectable = useMemo(
    () => [...new Set((table.data?.items ?? []).filter(isBulkApprovable).map((row) => row.reference))],
    [table.data],
  );
  const selected = useMemo(() => selectable.filter((reference) => ticked.has(reference)), [selectable, ticked]);
  const selection: InboxSelection = {
    selected: new Set(selected),
    selectable,
    toggle: (reference) =>
      setTicked((current) => {
        const next = new Set(current);
        if (next.has(reference)) next.delete(reference);
        else next.add(reference);
        return next;
      }),
    setAll: (checked) => setTicked(checked ? new Set(selectable) : new Set()),
  };

  const onQueryChange = useCallback(
    (patch: TableQueryPatch<InboxSort, InboxFilter>) => setQuery(withNaturalDir(query.sort, patch)),
    [setQuery, query.sort],
  );

  const filtered = Object.keys(query.filters).length > 0;
  return (
    <div className="flex flex-col gap-3">
      {results ? <BulkResults results={results} onDismiss={() => setResults(null)} /> : null}
      <DataTable
        {...table}
        getRowId={assignmentKey}
        onQueryChange={onQueryChange}
        label="Waiting on me"
        columns={inboxColumns(selection)}
        toolbar={
          <>
            <DataTableToolbar fields={inboxFilters(systems)} query={query} onQueryChange={onQueryChange}>
              <span role="status" aria-live="polite" className="h-9 text-xs leading-9 text-muted">
                {table.isFetching ? "Updating…" : ""}
              </span>
            </DataTableToolbar>
            <BulkApproveBar
              selected={selected}
              onClear={() => setTicked(new Set())}
              onDone={(done) => {
                setResults(done);
                setTicked(new Set());
                void queryClient.invalidateQueries({ queryKey: trpc.approvals.inbox.pathKey() });
              }}
            />
          </>
        }
        empty={
          filtered ? (
            <EmptyState title="Nothing waiting on you matches these filters">Clear the filters to see everything that waits on you.</EmptyState>
          ) : (
            <EmptyState title="Nothing is waiting on you">
              Tickets routed to you, or to someone who delegated to you, appear here as soon as they reach your stage.
            </EmptyState>
          )
        }
      />
    </div>
  );
}
