"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseTableQuery, tableQueryToSearch, type TableQuery, type TableSpec } from "./table-query";

export interface TableQueryPatch<TSort extends string, TFilter extends string> {
  page?: number;
  pageSize?: number;
  sort?: TSort;
  dir?: "asc" | "desc";
  /** Merged into the current filters; an empty string or undefined removes a filter. */
  filters?: Partial<Record<TFilter, string | undefined>>;
}

/**
 * The table state read from the URL, and a setter that writes it back. The setter uses the
 * History API (push for paging and sorting, replace for filters), which Next's router observes: search params update without a server round trip,
 * so the tRPC query alone fetches the new page. Changing the filters, sort or page size goes
 * back to page 1, since the old page number means nothing in the new result.
 */
export function useTableQuery<TSort extends string, TFilter extends string>(spec: TableSpec<TSort, TFilter>) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parseTableQuery(spec, new URLSearchParams(searchParams.toString())), [spec, searchParams]);

  const setQuery = useCallback(
    (patch: TableQueryPatch<TSort, TFilter>) => {
      const filters = { ...query.filters } as Record<string, string | undefined>;
      for (const [key, value] of Object.entries(patch.filters ?? {}) as [string, string | undefined][]) {
        if (value) filters[key] = value;
        else delete filters[key];
      }
      const resets = patch.filters !== undefined || patch.sort !== undefined || patch.dir !== undefined || patch.pageSize !== undefined;
      const next: TableQuery<TSort, TFilter> = {
        page: patch.page ?? (resets ? 1 : query.page),
        pageSize: patch.pageSize ?? query.pageSize,
        sort: patch.sort ?? query.sort,
        dir: patch.dir ?? query.dir,
        filters: filters as Partial<Record<TFilter, string>>,
      };
      const search = tableQueryToSearch(spec, next, new URLSearchParams(searchParams.toString()));
      // Typing in a filter replaces the entry; paging and sorting push one, so Back steps through them.
      if (patch.filters !== undefined) window.history.replaceState(null, "", `${pathname}${search}`);
      else window.history.pushState(null, "", `${pathname}${search}`);
    },
    [spec, query, pathname, searchParams],
  );

  return { query, setQuery };
}
