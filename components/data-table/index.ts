/**
 * Server-side data table. Usage, per table:
 *
 *   // components/<area>/<table>/columns.tsx: export const SPEC: TableSpec<"number" | "updatedAt", "status" | "q">
 *   //   and export const columns: ColumnDef<Row>[] (column ids matching SPEC.sorts are sortable)
 *   const { query, setQuery } = useTableQuery(SPEC);
 *   const result = useQuery({ ...trpc.x.list.queryOptions(query), placeholderData: keepPreviousData });
 *   <DataTable label="…" spec={SPEC} columns={columns} query={query} onQueryChange={setQuery}
 *     data={result.data} isFetching={result.isFetching} getRowId={(r) => r.id}
 *     toolbar={<DataTableToolbar fields={FILTERS} query={query} onQueryChange={setQuery} />}
 *     empty={<EmptyState title="…" />} />
 *
 * The server page may parse the same URL with parseTableQuery(SPEC, await searchParams) to fetch
 * the first page, and pass it down as initialData when sameTableQuery(initial.query, query).
 * A page using useTableQuery must render it inside <Suspense> (it reads useSearchParams).
 */
export { DataTable, type DataTableColumnMeta, type DataTableProps } from "./data-table";
export { DataTablePagination } from "./pagination";
export {
  DEFAULT_PAGE_SIZES,
  pageCount,
  parseTableQuery,
  sameTableQuery,
  tableQueryToSearch,
  type SortDir,
  type TablePage,
  type TableQuery,
  type TableSpec,
} from "./table-query";
export { DataTableToolbar, type FilterField } from "./toolbar";
export { useServerTable } from "./use-server-table";
export { useTableQuery, type TableQueryPatch } from "./use-table-query";
