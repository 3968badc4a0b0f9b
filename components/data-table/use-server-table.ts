"use client";

import { keepPreviousData, useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { sameTableQuery, type TablePage, type TableQuery, type TableSpec } from "./table-query";
import { useTableQuery } from "./use-table-query";

/**
 * The wiring every server-side table repeats: the query from the URL, the list procedure fed
 * with it (the previous page stays on screen while the next one loads), and the server page's
 * first fetch used as initial data while the URL still matches it. Spread `table` into
 * <DataTable>; `query` and `setQuery` also drive the toolbar.
 */
export function useServerTable<TRow extends { id: string }, TSort extends string, TFilter extends string, TError extends { message: string }, TKey extends QueryKey>(
  spec: TableSpec<TSort, TFilter>,
  initial: { query: TableQuery<TSort, TFilter>; page: TablePage<TRow> },
  options: (query: TableQuery<TSort, TFilter>) => UseQueryOptions<TablePage<TRow>, TError, TablePage<TRow>, TKey>,
) {
  const { query, setQuery } = useTableQuery(spec);
  const result = useQuery({
    ...options(query),
    placeholderData: keepPreviousData,
    initialData: sameTableQuery(initial.query, query) ? initial.page : undefined,
  });
  return {
    query,
    setQuery,
    table: {
      spec,
      query,
      onQueryChange: setQuery,
      data: result.data,
      isFetching: result.isFetching,
      error: result.error?.message ?? null,
      getRowId: (row: TRow) => row.id,
    },
  };
}
