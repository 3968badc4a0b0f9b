"use client";

import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import type { TablePage } from "@/components/data-table/table-query";
import { DataTableToolbar } from "@/components/data-table/toolbar";
import { useServerTable } from "@/components/data-table/use-server-table";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import { MY_REQUESTS_FILTERS, MY_REQUESTS_SPEC, myRequestsColumns, type MyRequestRow, type MyRequestsQuery } from "./columns";
import { toMyRequestsInput } from "./input";

export function MyRequestsTable({ initial }: { initial: { query: MyRequestsQuery; page: TablePage<MyRequestRow> } }) {
  const trpc = useTRPC();
  const { query, setQuery, table } = useServerTable(MY_REQUESTS_SPEC, initial, (q) => trpc.requests.mine.queryOptions(toMyRequestsInput(q)));
  const filtered = Object.keys(query.filters).length > 0;
  return (
    <DataTable
      {...table}
      label="My requests"
      columns={myRequestsColumns}
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
