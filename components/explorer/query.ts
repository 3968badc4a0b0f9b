import type { TableQuery, TableSpec } from "@/components/data-table/table-query";
import { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/enums";
import { isControlId } from "@/server/domain/controls/catalogue";
import { EXPLORER_SORTS, type ExplorerFilterInput, type ExplorerSearchInput, type ExplorerSort } from "@/server/domain/explorer/filter";

/** URL keys of the explorer's filters; lists (status, kind, exceptionType) are comma-separated. */
export const EXPLORER_FILTER_KEYS = [
  "q", "identityId", "systemId", "entitlementId", "requesterId", "approverId",
  "status", "kind", "exceptionType", "policyVersion", "from", "to", "control",
] as const;
export type ExplorerFilterKey = (typeof EXPLORER_FILTER_KEYS)[number];
export type ExplorerQuery = TableQuery<ExplorerSort, ExplorerFilterKey>;

export const EXPLORER_SPEC: TableSpec<ExplorerSort, ExplorerFilterKey> = {
  sorts: EXPLORER_SORTS,
  defaultSort: "createdAt",
  defaultDir: "desc",
  filters: EXPLORER_FILTER_KEYS,
  pageSizes: [10, 25, 50, 100],
  defaultPageSize: 25,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function listOf(value: string | undefined): string[] {
  return value ? value.split(",").filter(Boolean) : [];
}

function members<T extends string>(values: Record<string, T>, value: string | undefined): T[] | undefined {
  const allowed = new Set<string>(Object.values(values));
  const list = listOf(value).filter((v) => allowed.has(v)) as T[];
  return list.length ? list : undefined;
}

const id = (value: string | undefined) => (value && UUID.test(value) ? value : undefined);
const day = (value: string | undefined) => (value && DAY.test(value) ? value : undefined);

/**
 * The URL's filters as the procedure's filter. A hand-edited value the server would refuse is
 * left out rather than answered with an error page; from/to in the wrong order are swapped.
 */
export function toExplorerFilter(filters: ExplorerQuery["filters"]): ExplorerFilterInput {
  const version = Number.parseInt(filters.policyVersion ?? "", 10);
  let from = day(filters.from);
  let to = day(filters.to);
  if (from && to && to < from) [from, to] = [to, from];
  const out: ExplorerFilterInput = {
    q: filters.q?.slice(0, 200) || undefined,
    identityId: id(filters.identityId),
    systemId: id(filters.systemId),
    entitlementId: id(filters.entitlementId),
    requesterId: id(filters.requesterId),
    approverId: id(filters.approverId),
    status: members(RequestStatus, filters.status),
    kind: members(RequestKind, filters.kind),
    exceptionType: members(ExceptionType, filters.exceptionType),
    policyVersion: Number.isSafeInteger(version) && version >= 1 ? version : undefined,
    from,
    to,
    control: filters.control && isControlId(filters.control) ? filters.control : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ExplorerFilterInput;
}

export function toExplorerSearchInput(query: ExplorerQuery): ExplorerSearchInput {
  return { filter: toExplorerFilter(query.filters), page: query.page, pageSize: query.pageSize, sort: query.sort, dir: query.dir };
}
