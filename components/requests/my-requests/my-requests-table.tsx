"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { sameTableQuery, type TablePage } from "@/components/data-table/table-query";
import { DataTableToolbar } from "@/components/data-table/toolbar";
import { useTableQuery } from "@/components/data-table/use-table-query";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import { MY_REQUESTS_FILTERS, MY_REQUESTS_SPEC, myRequestsColumns, type MyRequestRow, type MyRequestsQuery } from "./columns";
import { toMyRequestsInput } from "./input";

export function MyRequestsTable({ initial }: { initial: { query: MyRequestsQuery; page: TablePage<MyRequestRow> } }) {
  const trpc = useTRPC();
  const { query, setQuery } = useTableQuery(MY_REQUESTS_SPEC);
  const result = useQuery({
    ...trpc.requests.mine.queryOptions(toMyRequestsInput(query)),
    placeholderData: keepPreviousData,
    initialData: sameTableQuery(initial.query, query) ? initial.page : undefined,
  });
  const filtered = Object.keys(query.filters).length > 0;
  return (
    <DataTable
      label="My requests"
      spec={MY_REQUESTS_SPEC}
      columns={myRequestsColumns}
      query={query}
      onQueryChange={setQuery}
      data={result.data}
      isFetching={result.isFetching}
      error={result.error?.message ?? null}
      getRowId={(row) => row.id}
      toolbar={<DataTableToolbar fields={MY_REQUESTS_FILTERS} query={query} onQueryChange={setQuery} />}
      empty={
        filtered ? (
          <EmptyState title="No request matches these filters">Clear the filters to see all of your requests.</EmptyState>
        ) : (
          <EmptyState title="You have not asked for any access yet">
            <Link href="/requests/new" className="font-medium text-brand-700 hover:underline">
              File a new request
            </Link>{" "}
            for yourself, a teammate or a service you own.
          </EmptyState>
        )
      }
    />
  );
}
