/**
 * The state of a server-side table (page, page size, sort, direction, filters) and its encoding
 * in the URL search params, so a view can be bookmarked and shared. Plain functions with no React:
 * the server page parses the same URL the client hook reads, and both agree on the defaults.
 *
 * URL keys: `page`, `size`, `sort`, `dir`, and one key per filter id (e.g. `status=ACTIVE&q=db`).
 * Values equal to the defaults are left out of the URL.
 */
export type SortDir = "asc" | "desc";

export interface TableSpec<TSort extends string = string, TFilter extends string = string> {
  /** Column ids the server can sort by; anything else in the URL falls back to the default. */
  sorts: readonly TSort[];
  defaultSort: TSort;
  defaultDir: SortDir;
  /** Filter ids, which are also their URL keys. Never use page, size, sort or dir. */
  filters: readonly TFilter[];
  pageSizes?: readonly number[];
  defaultPageSize?: number;
}

/** Exactly the input shape the list procedures take: {page, pageSize, sort, dir, filters}. */
export interface TableQuery<TSort extends string = string, TFilter extends string = string> {
  page: number;
  pageSize: number;
  sort: TSort;
  dir: SortDir;
  filters: Partial<Record<TFilter, string>>;
}

/** What a list procedure answers. */
export interface TablePage<TRow> {
  items: TRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZES = [10, 20, 50, 100] as const;
const RESERVED = new Set(["page", "size", "sort", "dir"]);

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: SearchParamsLike, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

export function pageSizesOf(spec: TableSpec): readonly number[] {
  return spec.pageSizes ?? DEFAULT_PAGE_SIZES;
}

export function defaultPageSizeOf(spec: TableSpec): number {
  return spec.defaultPageSize ?? pageSizesOf(spec)[1] ?? pageSizesOf(spec)[0] ?? 20;
}

/** Reads the table state from search params; every unknown or malformed value falls back to a default. */
export function parseTableQuery<TSort extends string, TFilter extends string>(
  spec: TableSpec<TSort, TFilter>,
  params: SearchParamsLike,
): TableQuery<TSort, TFilter> {
  for (const id of spec.filters) {
    if (RESERVED.has(id)) throw new Error(`Filter id "${id}" collides with a table key`);
  }
  const page = Number.parseInt(read(params, "page") ?? "", 10);
  const size = Number.parseInt(read(params, "size") ?? "", 10);
  const sort = read(params, "sort");
  const dir = read(params, "dir");
  const filters: Partial<Record<TFilter, string>> = {};
  for (const id of spec.filters) {
    const value = read(params, id)?.trim();
    if (value) filters[id] = value;
  }
  return {
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    pageSize: pageSizesOf(spec).includes(size) ? size : defaultPageSizeOf(spec),
    sort: sort && (spec.sorts as readonly string[]).includes(sort) ? (sort as TSort) : spec.defaultSort,
    dir: dir === "asc" || dir === "desc" ? dir : spec.defaultDir,
    filters,
  };
}

/** The search string for a table state ("" or "?…"), leaving defaults out; other params are kept. */
export function tableQueryToSearch<TSort extends string, TFilter extends string>(
  spec: TableSpec<TSort, TFilter>,
  query: TableQuery<TSort, TFilter>,
  keep?: URLSearchParams,
): string {
  const params = new URLSearchParams(keep);
  for (const key of [...RESERVED, ...spec.filters]) params.delete(key);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== defaultPageSizeOf(spec)) params.set("size", String(query.pageSize));
  if (query.sort !== spec.defaultSort) params.set("sort", query.sort);
  if (query.dir !== spec.defaultDir) params.set("dir", query.dir);
  for (const id of spec.filters) {
    const value = query.filters[id];
    if (value) params.set(id, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function sameTableQuery(a: TableQuery, b: TableQuery): boolean {
  const keys = new Set([...Object.keys(a.filters), ...Object.keys(b.filters)]);
  const filters = a.filters as Record<string, string | undefined>;
  const other = b.filters as Record<string, string | undefined>;
  return (
    a.page === b.page &&
    a.pageSize === b.pageSize &&
    a.sort === b.sort &&
    a.dir === b.dir &&
    [...keys].every((key) => (filters[key] ?? "") === (other[key] ?? ""))
  );
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
