import type { TableQuery, TableSpec } from "@/components/data-table/table-query";
import type { TableQueryPatch } from "@/components/data-table/use-table-query";
import { RequestKind, RiskTier } from "@/server/db/generated/enums";
import { DEFAULT_DIR, INBOX_SORTS, SLA_STATES, type InboxInput, type InboxSort } from "@/server/domain/approvals/inbox-input";

export type InboxFilter = "risk" | "system" | "kind" | "sla" | "q";
export type InboxQuery = TableQuery<InboxSort, InboxFilter>;

/** The inbox's URL keys and defaults: most urgent first, 25 a page. */
export const INBOX_SPEC: TableSpec<InboxSort, InboxFilter> = {
  sorts: INBOX_SORTS,
  defaultSort: "sla",
  defaultDir: "asc",
  filters: ["q", "risk", "system", "kind", "sla"],
  pageSizes: [10, 25, 50, 100],
  defaultPageSize: 25,
};

function known<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/**
 * The URL's table state as the inbox procedure's input; a hand-edited unknown value is ignored.
 * A page number too large to count exactly reads as page 1, as the procedure only takes safe integers.
 */
export function toInboxInput(query: InboxQuery): InboxInput {
  const risk = known(Object.values(RiskTier), query.filters.risk);
  const kind = known(Object.values(RequestKind), query.filters.kind);
  const slaState = known(SLA_STATES, query.filters.sla);
  const system = query.filters.system?.slice(0, 100);
  const q = query.filters.q?.slice(0, 200);
  return {
    page: Number.isSafeInteger(query.page) ? query.page : 1,
    pageSize: query.pageSize,
    sort: query.sort,
    dir: query.dir,
    filters: {
      ...(risk ? { riskTier: [risk] } : {}),
      ...(kind ? { kind: [kind] } : {}),
      ...(slaState ? { slaState } : {}),
      ...(system ? { systemKey: system } : {}),
      ...(q ? { q } : {}),
    },
  };
}

/** A newly chosen column starts in the direction it reads naturally in (riskiest, most urgent first). */
export function withNaturalDir(
  current: InboxSort,
  patch: TableQueryPatch<InboxSort, InboxFilter>,
): TableQueryPatch<InboxSort, InboxFilter> {
  return patch.sort && patch.sort !== current ? { ...patch, dir: DEFAULT_DIR[patch.sort] } : patch;
}
