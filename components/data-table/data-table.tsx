"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Header,
  type SortingState,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTablePagination } from "./pagination";
import type { TablePage, TableQuery, TableSpec } from "./table-query";
import type { TableQueryPatch } from "./use-table-query";

/** Per-column display hints, read from `meta` in a table's columns.tsx. */
export interface DataTableColumnMeta {
  /** Classes for the header and cells of this column (width, alignment, hiding on small screens). */
  className?: string;
}

declare module "@tanstack/react-table" {
  // Both type parameters are required by the declaration being merged.
  interface ColumnMeta<TData, TValue> extends DataTableColumnMeta {}
}

export interface DataTableProps<TRow, TSort extends string, TFilter extends string> {
  /** Accessible name of the table (also its caption for screen readers). */
  label: string;
  spec: TableSpec<TSort, TFilter>;
  /** A column is sortable when its id is one of spec.sorts. */
  columns: ColumnDef<TRow, any>[];
  query: TableQuery<TSort, TFilter>;
  onQueryChange: (patch: TableQueryPatch<TSort, TFilter>) => void;
  /** The current page from the server; undefined while the first fetch runs. */
  data: TablePage<TRow> | undefined;
  getRowId: (row: TRow) => string;
  isFetching?: boolean;
  error?: string | null;
  /** Filter controls rendered above the table (see DataTableToolbar). */
  toolbar?: ReactNode;
  /** Shown instead of rows when the server found nothing. */
  empty: ReactNode;
}

/**
 * A table whose paging, sorting and filtering all happen on the server: TanStack Table runs in
 * manual mode and only renders; the query lives in the URL (useTableQuery) and goes to a tRPC
 * list procedure as {page, pageSize, sort, dir, filters}.
 */
export function DataTable<TRow, TSort extends string, TFilter extends string>(props: DataTableProps<TRow, TSort, TFilter>) {
  const { label, spec, columns, query, onQueryChange, data, getRowId, isFetching, error, toolbar, empty } = props;
  const sorting: SortingState = [{ id: query.sort, desc: query.dir === "desc" }];
  const table = useReactTable({
    data: data?.items ?? [],
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    rowCount: data?.total ?? 0,
    state: { sorting, pagination: { pageIndex: query.page - 1, pageSize: query.pageSize } },
  });
  const sortable = (id: string) => (spec.sorts as readonly string[]).includes(id);

  function toggleSort(id: TSort) {
    if (query.sort === id) onQueryChange({ dir: query.dir === "asc" ? "desc" : "asc" });
    else onQueryChange({ sort: id, dir: "asc" });
  }

  const rows = table.getRowModel().rows;
  return (
    <div className="flex flex-col gap-3">
      {toolbar}
      <div className="overflow-x-auto rounded-card border border-line bg-panel shadow-card">
        <table aria-label={label} aria-busy={isFetching ? true : undefined} className="w-full text-left text-sm">
          <thead className="border-b border-line bg-surface/60 text-xs text-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <HeaderCell
                    key={header.id}
                    header={header}
                    sortable={sortable(header.column.id)}
                    sortedDir={query.sort === header.column.id ? query.dir : undefined}
                    onSort={() => toggleSort(header.column.id as TSort)}
                  />
                ))}
              </tr>
            ))}
          </thead>
          <tbody className={`divide-y divide-line/70 transition-opacity ${isFetching && data ? "opacity-60" : ""}`}>
            {rows.map((row) => (
              <tr key={row.id} className="align-top transition hover:bg-surface">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`px-4 py-3 ${cell.column.columnDef.meta?.className ?? ""}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {error ? (
          <p role="alert" className="px-4 py-6 text-sm text-red-800">
            {error}
          </p>
        ) : !data ? (
          <p role="status" className="px-4 py-6 text-sm text-muted">
            Loading…
          </p>
        ) : data.items.length === 0 ? (
          <div className="p-4">{empty}</div>
        ) : null}
      </div>
      {data && data.total > 0 ? (
        <DataTablePagination
          page={query.page}
          pageSize={query.pageSize}
          total={data.total}
          pageSizes={spec.pageSizes}
          onPage={(page) => onQueryChange({ page })}
          onPageSize={(pageSize) => onQueryChange({ pageSize })}
        />
      ) : null}
    </div>
  );
}

function HeaderCell<TRow>({
  header,
  sortable,
  sortedDir,
  onSort,
}: {
  header: Header<TRow, unknown>;
  sortable: boolean;
  sortedDir: "asc" | "desc" | undefined;
  onSort: () => void;
}) {
  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
  const ariaSort = sortedDir === "asc" ? "ascending" : sortedDir === "desc" ? "descending" : sortable ? "none" : undefined;
  return (
    <th scope="col" aria-sort={ariaSort} className={`px-4 py-2.5 font-medium whitespace-nowrap ${header.column.columnDef.meta?.className ?? ""}`}>
      {sortable ? (
        <button type="button" onClick={onSort} className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-ink">
          {content}
          <SortIcon dir={sortedDir} />
        </button>
      ) : (
        content
      )}
    </th>
  );
}

function SortIcon({ dir }: { dir: "asc" | "desc" | undefined }) {
  return (
    <svg viewBox="0 0 12 12" className={`size-3 ${dir ? "text-brand-600" : "text-slate-300"}`} fill="currentColor" aria-hidden="true">
      {dir !== "desc" ? <path d="M6 2 9 5.5H3Z" /> : null}
      {dir !== "asc" ? <path d="M6 10 3 6.5h6Z" /> : null}
    </svg>
  );
}
