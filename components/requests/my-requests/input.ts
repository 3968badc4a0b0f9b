import { RequestKind, RequestStatus } from "@/server/db/generated/enums";
import type { MyRequestsInput } from "@/server/domain/requests/input";
import type { MyRequestsQuery } from "./columns";

function oneOf<T extends string>(values: Record<string, T>, value: string | undefined): T[] {
  return value && (Object.values(values) as string[]).includes(value) ? [value as T] : [];
}

/** The URL's table state as the procedure's input; a hand-edited unknown status or kind is ignored. */
export function toMyRequestsInput(query: MyRequestsQuery): MyRequestsInput {
  return {
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort,
    dir: query.dir,
    status: oneOf(RequestStatus, query.filters.status),
    kind: oneOf(RequestKind, query.filters.kind),
    q: query.filters.q ?? "",
  };
}
