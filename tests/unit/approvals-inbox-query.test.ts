import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INBOX_SPEC, toInboxInput, withNaturalDir, type InboxQuery } from "@/components/approvals/inbox/input";
import { parseTableQuery, tableQueryToSearch } from "@/components/data-table/table-query";
import { RequestKind, RiskTier } from "@/server/db/generated/enums";
import { DEFAULT_DIR, INBOX_SORTS, inboxInput, SLA_STATES } from "@/server/domain/approvals/inbox-input";

/** The URL's search string read the way the page and the table hook read it. */
const fromUrl = (search: string) => parseTableQuery(INBOX_SPEC, new URLSearchParams(search));
const inputFromUrl = (search: string) => toInboxInput(fromUrl(search));
const toUrl = (query: InboxQuery) => tableQueryToSearch(INBOX_SPEC, query);

const DEFAULT_QUERY: InboxQuery = { page: 1, pageSize: 25, sort: "sla", dir: "asc", filters: {} };

/** The procedure's own validation must accept whatever the URL turned into. */
function expectValidInput(search: string) {
  const result = inboxInput.safeParse(inputFromUrl(search));
  expect(result.success, `${search}: ${result.error?.message ?? ""}`).toBe(true);
}

describe("inbox URL to query", () => {
  it("defaults to the most urgent first, 25 a page, unfiltered", () => {
    expect(fromUrl("")).toEqual(DEFAULT_QUERY);
    expect(inputFromUrl("")).toEqual({ page: 1, pageSize: 25, sort: "sla", dir: "asc", filters: {} });
  });

  it("maps every filter, the sort, the direction and the page", () => {
    const search = "risk=HIGH&kind=EXCEPTION&sla=overdue&system=orders-db&q=dba&sort=risk&dir=desc&page=3&size=50";
    expect(fromUrl(search)).toEqual({
      page: 3,
      pageSize: 50,
      sort: "risk",
      dir: "desc",
      filters: { risk: "HIGH", kind: "EXCEPTION", sla: "overdue", system: "orders-db", q: "dba" },
    });
    expect(inputFromUrl(search)).toEqual({
      page: 3,
      pageSize: 50,
      sort: "risk",
      dir: "desc",
      filters: { riskTier: ["HIGH"], kind: ["EXCEPTION"], slaState: "overdue", systemKey: "orders-db", q: "dba" },
    });
  });

  it("accepts every risk tier, kind, SLA state and sort the procedure knows", () => {
    for (const risk of Object.values(RiskTier)) expect(inputFromUrl(`risk=${risk}`).filters).toEqual({ riskTier: [risk] });
    for (const kind of Object.values(RequestKind)) expect(inputFromUrl(`kind=${kind}`).filters).toEqual({ kind: [kind] });
    for (const sla of SLA_STATES) expect(inputFromUrl(`sla=${sla}`).filters).toEqual({ slaState: sla });
    for (const sort of INBOX_SORTS) expect(inputFromUrl(`sort=${sort}`).sort).toBe(sort);
    for (const size of [10, 25, 50, 100]) expect(inputFromUrl(`size=${size}`).pageSize).toBe(size);
  });

  it("reads the search params object a server page receives, taking the first of repeated keys", () => {
    const query = parseTableQuery(INBOX_SPEC, { risk: ["LOW", "HIGH"], sort: "age", dir: undefined, page: ["2"] });
    expect(query).toEqual({ ...DEFAULT_QUERY, page: 2, sort: "age", filters: { risk: "LOW" } });
    expect(parseTableQuery(INBOX_SPEC, { risk: [] })).toEqual(DEFAULT_QUERY);
  });

  it("trims filters and drops blank ones", () => {
    expect(inputFromUrl("q=%20%20db%20&system=%20orders-db%20").filters).toEqual({ q: "db", systemKey: "orders-db" });
    expect(inputFromUrl("q=%20%20&system=&risk=").filters).toEqual({});
  });

  it("cuts a long search and system key to what the procedure accepts", () => {
    const input = inputFromUrl(`q=${"a".repeat(500)}&system=${"s".repeat(500)}`);
    expect(input.filters?.q).toHaveLength(200);
    expect(input.filters?.systemKey).toHaveLength(100);
    expectValidInput(`q=${"a".repeat(500)}&system=${"s".repeat(500)}`);
  });

  it("keeps a search with URL-special characters intact", () => {
    const q = "a&b=c d+é/?#%";
    expect(inputFromUrl(new URLSearchParams({ q }).toString()).filters).toEqual({ q });
  });
});

describe("invalid or unknown inbox URL params", () => {
  it("ignores a filter value the procedure does not know", () => {
    for (const search of ["risk=low", "risk=EXTREME", "risk=LOW,HIGH", "kind=grant", "kind=DELETE", "sla=late", "sla=OVERDUE"]) {
      expect(inputFromUrl(search).filters, search).toEqual({});
    }
  });

  it("falls back to the default sort, direction and page size", () => {
    expect(fromUrl("sort=title&dir=up&size=30")).toEqual(DEFAULT_QUERY);
    expect(fromUrl("sort=RISK&dir=DESC&size=1000")).toEqual(DEFAULT_QUERY);
    expect(fromUrl("sort=constructor&dir=__proto__&size=-25")).toEqual(DEFAULT_QUERY);
  });

  it("falls back to page 1 for a page that is not a positive number", () => {
    for (const page of ["0", "-2", "abc", "", "NaN", "Infinity", "-Infinity"]) {
      expect(fromUrl(`page=${page}`).page, page).toBe(1);
    }
  });

  it("reads a page with trailing text by its leading digits", () => {
    expect(fromUrl("page=2.5").page).toBe(2);
    expect(fromUrl("page=3abc").page).toBe(3);
  });

  it("falls back to page 1 for a page too large to count exactly", () => {
    expect(inputFromUrl("page=99999999999999999999").page).toBe(1);
    expect(inputFromUrl(`page=${Number.MAX_SAFE_INTEGER + 1}`).page).toBe(1);
    expect(inputFromUrl(`page=${Number.MAX_SAFE_INTEGER}`).page).toBe(Number.MAX_SAFE_INTEGER);
    expectValidInput("page=99999999999999999999");
  });

  it("ignores keys that are not the inbox's", () => {
    expect(fromUrl("status=ACTIVE&riskTier=HIGH&slaState=overdue&__proto__=x&pageSize=10&filters=1")).toEqual(DEFAULT_QUERY);
  });

  it("never throws, and always gives input the procedure accepts", () => {
    const key = fc.constantFrom("page", "size", "sort", "dir", "q", "risk", "system", "kind", "sla", "other");
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(...Object.values(RiskTier), ...Object.values(RequestKind), ...SLA_STATES, ...INBOX_SORTS, "asc", "desc"),
      fc.integer().map(String),
      fc.double().map(String),
      fc.bigInt().map(String),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), (pairs) => {
        const search = new URLSearchParams(pairs).toString();
        expectValidInput(search);
      }),
      { numRuns: 500 },
    );
  });
});

describe("inbox query to URL and back", () => {
  it("leaves the defaults out of the URL", () => {
    expect(toUrl(DEFAULT_QUERY)).toBe("");
    expect(toUrl({ ...DEFAULT_QUERY, filters: { risk: "LOW" } })).toBe("?risk=LOW");
  });

  it("writes a URL that reads back as the same query and the same procedure input", () => {
    const queries: InboxQuery[] = [
      DEFAULT_QUERY,
      { page: 4, pageSize: 100, sort: "number", dir: "desc", filters: {} },
      { page: 1, pageSize: 10, sort: "risk", dir: "asc", filters: { risk: "CRITICAL", sla: "due_soon" } },
      { page: 2, pageSize: 25, sort: "age", dir: "desc", filters: { q: "orders & payments", system: "orders-db", kind: "ROTATE" } },
    ];
    for (const query of queries) {
      const search = toUrl(query);
      expect(fromUrl(search), search).toEqual(query);
      expect(inputFromUrl(search), search).toEqual(toInboxInput(query));
    }
  });

  it("round-trips every query the URL can hold", () => {
    const filterValue = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s.length > 0);
    const query = fc.record({
      page: fc.integer({ min: 1, max: 10_000 }),
      pageSize: fc.constantFrom(10, 25, 50, 100),
      sort: fc.constantFrom(...INBOX_SORTS),
      dir: fc.constantFrom("asc" as const, "desc" as const),
      filters: fc.record(
        {
          q: filterValue,
          system: filterValue,
          risk: fc.constantFrom(...Object.values(RiskTier)),
          kind: fc.constantFrom(...Object.values(RequestKind)),
          sla: fc.constantFrom(...SLA_STATES),
        },
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(query, (q) => {
        expect(fromUrl(toUrl(q))).toEqual(q);
        expect(toInboxInput(fromUrl(toUrl(q)))).toEqual(toInboxInput(q));
      }),
      { numRuns: 300 },
    );
  });

  it("turns any URL into its shortest form, which reads the same", () => {
    const search = "sort=sla&dir=asc&page=1&size=25&risk=HIGH&risk=LOW&kind=NOPE&other=kept";
    const canonical = toUrl(fromUrl(search));
    expect(canonical).toBe("?risk=HIGH&kind=NOPE");
    expect(fromUrl(canonical)).toEqual(fromUrl(search));
    expect(toInboxInput(fromUrl(canonical))).toEqual({ ...inputFromUrl(""), filters: { riskTier: ["HIGH"] } });
  });

  it("keeps other params of the page when it writes the table state", () => {
    const search = tableQueryToSearch(INBOX_SPEC, { ...DEFAULT_QUERY, sort: "risk", dir: "desc" }, new URLSearchParams("tab=mine&page=9"));
    expect(search).toBe("?tab=mine&sort=risk&dir=desc");
  });
});

describe("sort direction", () => {
  it("starts a newly chosen column in the direction it reads naturally in", () => {
    expect(withNaturalDir("sla", { sort: "risk" })).toEqual({ sort: "risk", dir: "desc" });
    expect(withNaturalDir("sla", { sort: "number" })).toEqual({ sort: "number", dir: "desc" });
    expect(withNaturalDir("risk", { sort: "age" })).toEqual({ sort: "age", dir: "asc" });
    expect(withNaturalDir("risk", { sort: "sla" })).toEqual({ sort: "sla", dir: "asc" });
    for (const sort of INBOX_SORTS) {
      const other = INBOX_SORTS.find((s) => s !== sort)!;
      expect(withNaturalDir(other, { sort, dir: "asc" }).dir).toBe(DEFAULT_DIR[sort]);
      expect(withNaturalDir(other, { sort, dir: "desc" }).dir).toBe(DEFAULT_DIR[sort]);
    }
  });

  it("lets the current column flip its direction", () => {
    expect(withNaturalDir("risk", { sort: "risk", dir: "asc" })).toEqual({ sort: "risk", dir: "asc" });
    expect(withNaturalDir("sla", { sort: "sla", dir: "desc" })).toEqual({ sort: "sla", dir: "desc" });
  });

  it("leaves a change of page, size, direction or filters as it is", () => {
    for (const patch of [{ page: 3 }, { pageSize: 50 }, { dir: "desc" as const }, { filters: { risk: "HIGH" } }, {}]) {
      expect(withNaturalDir("sla", patch)).toBe(patch);
    }
  });

  it("keeps the rest of the patch when it sets the direction", () => {
    expect(withNaturalDir("sla", { sort: "risk", page: 1, filters: { q: "db" } })).toEqual({ sort: "risk", dir: "desc", page: 1, filters: { q: "db" } });
  });

  it("writes a natural direction that differs from the default into the URL, and reads it back", () => {
    const patch = withNaturalDir(DEFAULT_QUERY.sort, { sort: "risk" });
    const query: InboxQuery = { ...DEFAULT_QUERY, sort: patch.sort!, dir: patch.dir! };
    expect(toUrl(query)).toBe("?sort=risk&dir=desc");
    expect(inputFromUrl("sort=risk&dir=desc")).toMatchObject({ sort: "risk", dir: "desc" });
  });

  it("reads a hand-written sort without a direction in the table's default direction", () => {
    // Only a column chosen in the table gets its natural direction; the URL has one default for all.
    expect(inputFromUrl("sort=risk")).toMatchObject({ sort: "risk", dir: "asc" });
  });
});
