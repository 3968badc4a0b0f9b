import { RequestKind, RiskTier } from "@/server/db/generated/enums";
import { SLA_STATES, type InboxInput, type InboxSort } from "@/server/domain/approvals/inbox-input";
import type { TableQuery } from "@/components/data-table/table-query";

export type InboxFilter = "risk" | "system" | "kind" | "sla" | "q";
export type InboxQuery = TableQuery<InboxSort, InboxFilter>;

function known<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The URL's table state as the inbox procedure's input; a hand-edited unknown value is ignored. */
export function toInboxInput(query: InboxQuery): InboxInput {
  const risk = known(Object.values(RiskTier), query.filters.risk);
  const kind = known(Object.values(RequestKind), query.filters.kind);
  const slaState = known(SLA_STATES, query.filters.sla);
  const system = query.filters.system?.slice(0, 100);
  const q = query.filters.q?.slice(0, 200);
  return {
    page: query.page,
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
