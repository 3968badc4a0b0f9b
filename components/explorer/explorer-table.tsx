"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { sameTableQuery, tableQueryToSearch, type TablePage } from "@/components/data-table/table-query";
import type { RouterOutputs } from "@/components/requests/router-types";
import { useServerTable } from "@/components/data-table/use-server-table";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import { explorerColumns, type ExplorerRow } from "./columns";
import { ControlChart } from "./control-chart";
import { ExplorerFilters, type ExplorerOptions } from "./filters";
import { EXPLORER_FILTER_KEYS, EXPLORER_SPEC, toExplorerFilter, toExplorerSearchInput, type ExplorerQuery } from "./query";

/** The explorer: filters, the result table and the per-control chart, all driven by the URL. */
export function ExplorerTable({
  initial,
  options,
}: {
  initial: { query: ExplorerQuery; page: TablePage<ExplorerRow>; report: RouterOutputs["explorer"]["controlReport"] };
  options: ExplorerOptions;
}) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { query, setQuery, table } = useServerTable(EXPLORER_SPEC, initial, (q) => trpc.explorer.search.queryOptions(toExplorerSearchInput(q)));
  const filter = toExplorerFilter(query.filters);
  // The chart ignores paging and sorting, so the server's first count holds while the filters do.
  const sameFilters = sameTableQuery({ ...initial.query, page: 1, sort: "createdAt", dir: "desc" }, { ...query, page: 1, sort: "createdAt", dir: "desc" });
  const report = useQuery({
    ...trpc.explorer.controlReport.queryOptions({ ...filter, control: undefined }),
    placeholderData: (previous) => previous,
    initialData: sameFilters ? initial.report : undefined,
  });
  const picked = [query.filters.identityId, query.filters.requesterId, query.filters.approverId].filter((v): v is string => Boolean(v));
  const lookup = useQuery({ ...trpc.explorer.lookup.queryOptions({ ids: picked }), enabled: picked.length > 0 });
  const names = useMemo(
    () => new Map<string, string>([...(lookup.data?.people ?? []).map((p) => [p.id, p.name] as const), ...(lookup.data?.identities ?? []).map((i) => [i.id, i.name] as const)]),
    [lookup.data],
  );
  const hrefFor = (control: string | undefined) =>
    `${pathname}${tableQueryToSearch(EXPLORER_SPEC, { ...query, page: 1, filters: { ...query.filters, control } }, new URLSearchParams(searchParams.toString()))}`;
  const filtered = EXPLORER_FILTER_KEYS.some((key) => query.filters[key]);
  const total = table.data?.total;

  return (
    <div className="flex flex-col gap-5">
      <ExplorerFilters query={query} onQueryChange={setQuery} options={options} names={names} />
      <ControlChart
        report={report.data}
        loading={report.isFetching}
        selected={query.filters.control}
        hrefFor={hrefFor}
        onPick={(control) => setQuery({ filters: { control } })}
      />
      <div className="flex min-w-0 flex-col gap-2">
        <p role="status" aria-live="polite" className="text-sm text-muted">
          {total === undefined ? (
            "Searching…"
          ) : (
            <>
              <span className="font-semibold text-ink">{total.toLocaleString("en-GB")}</span> {total === 1 ? "ticket matches" : "tickets match"}
              {filtered ? " the filters" : " (every ticket you may see)"}
              {table.isFetching ? " · updating…" : ""}
            </>
          )}
        </p>
        <DataTable
          {...table}
          label="Tickets found"
          columns={explorerColumns}
          empty={
            filtered ? (
              <EmptyState title="No ticket matches this search">
                Try fewer words, another spelling, or remove a filter. A ticket number (AR-000123) finds that ticket.
              </EmptyState>
            ) : (
              <EmptyState title="There are no tickets yet">Tickets appear here once access has been requested.</EmptyState>
            )
          }
        />
      </div>
    </div>
  );
}
