import { describe, expect, it } from "vitest";
import { parseTableQuery, tableQueryToSearch } from "@/components/data-table/table-query";
import { EXPLORER_SPEC, toExplorerFilter, toExplorerSearchInput } from "@/components/explorer/query";
import { explorerSearchInputSchema } from "@/server/domain/explorer/filter";

const ID = "00000000-0000-4000-8000-000000000001";

describe("explorer URL state", () => {
  it("reads every filter from the URL and writes it back the same", () => {
    const search = `?q=break+glass&identityId=${ID}&status=ACTIVE%2CCLOSED&kind=EXCEPTION&exceptionType=EMERGENCY&policyVersion=2&from=2026-01-01&to=2026-01-31&control=SOC2%3ACC6.1&page=2&sort=number&dir=asc`;
    const query = parseTableQuery(EXPLORER_SPEC, new URLSearchParams(search));
    expect(toExplorerSearchInput(query)).toEqual({
      filter: {
        q: "break glass", identityId: ID, status: ["ACTIVE", "CLOSED"], kind: ["EXCEPTION"], exceptionType: ["EMERGENCY"],
        policyVersion: 2, from: "2026-01-01", to: "2026-01-31", control: "SOC2:CC6.1",
      },
      page: 2, pageSize: 25, sort: "number", dir: "asc",
    });
    const sorted = (text: string) => [...new URLSearchParams(text).entries()].sort();
    expect(sorted(tableQueryToSearch(EXPLORER_SPEC, query))).toEqual(sorted(search));
  });

  it("leaves out hand-edited values the server would refuse, so a bad link still shows a page", () => {
    const filter = toExplorerFilter({ identityId: "riley", status: "ACTIVE,OPEN", policyVersion: "x", from: "yesterday", control: "SOC2:CC9.9" });
    expect(filter).toEqual({ status: ["ACTIVE"] });
    expect(explorerSearchInputSchema.safeParse({ filter }).success).toBe(true);
  });

  it("swaps a date range given in the wrong order", () => {
    expect(toExplorerFilter({ from: "2026-02-01", to: "2026-01-01" })).toEqual({ from: "2026-01-01", to: "2026-02-01" });
  });
});
