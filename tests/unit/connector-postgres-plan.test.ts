import { describe, expect, it } from "vitest";
import { toConnectorError } from "@/server/connectors/postgres/errors";
import { checkRoleName, formatRef, memberRoleName, parseRef, quoteIdent } from "@/server/connectors/postgres/identifiers";
import { parsePrivileges, planGrant } from "@/server/connectors/postgres/plan";
import { ConnectorError } from "@/server/connectors/types";
import { CATALOGUE } from "@/server/db/seed/catalogue-data";

function refusal(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error("expected a ConnectorError");
}

describe("identity role names", () => {
  it.each([
    ["riley.requester", "riley_requester"],
    ["riley.requester@acme.example", "riley_requester"],
    ["Orders-API svc", "orders_api_svc"],
    ["  __x__  ", "x"],
    ["9lives", "id_9lives"],
    ["pg_monitor", "id_pg_monitor"],
    ["public", "id_public"],
    ["Zoë Müller", "zoe_muller"],
    ["!!!", "id"],
  ])("%s -> %s", (name, role) => {
    expect(memberRoleName(name)).toBe(role);
  });

  it("keeps long names within 63 bytes and tells them apart by a hash", () => {
    const a = memberRoleName(`${"a".repeat(80)}.one`);
    const b = memberRoleName(`${"a".repeat(80)}.two`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
  });
});

describe("identifiers and references", () => {
  it("refuses anything but plain lower-case identifiers, and reserved roles", () => {
    for (const bad of ['x"; DROP ROLE y; --', "Orders", "a b", "", "a".repeat(64), 42, null]) {
      expect(refusal(() => checkRoleName(bad, "scope.role")).retryable).toBe(false);
    }
    expect(refusal(() => checkRoleName("pg_read_all_data", "scope.role")).message).toContain("reserved");
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it("formats and parses '<member> in <group>@<database>'", () => {
    const ref = { memberRole: "riley_requester", groupRole: "orders_read", database: "orders" };
    expect(formatRef(ref)).toBe("riley_requester in orders_read@orders");
    expect(parseRef(formatRef(ref))).toEqual(ref);
    expect(parseRef("riley in orders_read@orders; DROP ROLE x")).toBeNull();
    expect(parseRef("Riley in orders_read@orders")).toBeNull();
  });
});

describe("privileges and plans", () => {
  it("splits table and schema privileges, always with USAGE; ALL means all of both", () => {
    expect(parsePrivileges(["select", "CREATE"])).toEqual({ tablePrivileges: ["SELECT"], schemaPrivileges: ["USAGE", "CREATE"], requested: ["select", "CREATE"] });
    const all = parsePrivileges(["ALL PRIVILEGES"]);
    expect(all.tablePrivileges).toHaveLength(7);
    expect(all.schemaPrivileges).toEqual(["USAGE", "CREATE"]);
  });

  it("refuses unknown privileges and words PostgreSQL cannot grant", () => {
    expect(refusal(() => parsePrivileges(["SUPERPOWER"])).message).toContain("not a PostgreSQL privilege");
    expect(refusal(() => parsePrivileges(["DROP"])).message).toContain("ownership");
    expect(refusal(() => parsePrivileges(["REPLICATION"])).message).toContain("role attribute");
    expect(refusal(() => parsePrivileges([])).retryable).toBe(false);
    expect(refusal(() => parsePrivileges("SELECT")).retryable).toBe(false);
  });

  it("defaults to schema public and resolves bare table names in each listed schema", () => {
    const plan = planGrant({ role: "raw_events_read", privileges: ["SELECT"], schemas: ["raw"], tables: ["events", "audit.log"] }, { database: "warehouse" }, "riley.requester");
    expect(plan).toMatchObject({
      database: "warehouse",
      groupRole: "raw_events_read",
      memberRole: "riley_requester",
      schemas: ["raw", "audit"],
      relations: [
        { schema: "raw", name: "events", kind: "table" },
        { schema: "audit", name: "log", kind: "table" },
      ],
    });
    expect(planGrant({ database: "orders", role: "orders_read", privileges: ["SELECT"] }, {}, "x").schemas).toEqual(["public"]);
    expect(refusal(() => planGrant({ role: "orders_read", privileges: ["SELECT"] }, {}, "x")).message).toContain("scope.database");
    expect(refusal(() => planGrant({ database: "orders", role: "riley_requester", privileges: ["SELECT"] }, {}, "riley.requester")).retryable).toBe(false);
  });

  it("plans every seeded PostgreSQL entitlement", () => {
    const refused: string[] = [];
    for (const system of ["orders-db", "staging-db", "warehouse"]) {
      for (const entitlement of CATALOGUE[system] ?? []) {
        try {
          planGrant(entitlement.scope as Record<string, unknown>, {}, "riley.requester");
        } catch {
          refused.push(entitlement.key);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

describe("errors", () => {
  it("says a retry can help for an unreachable target, a timeout or a lost connection", () => {
    expect(toConnectorError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "orders at 127.0.0.1:1").retryable).toBe(true);
    expect(toConnectorError(new Error("Connection terminated due to connection timeout"), "orders").retryable).toBe(true);
    expect(toConnectorError(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }), "orders").retryable).toBe(true);
    expect(toConnectorError(Object.assign(new Error("the database system is shutting down"), { code: "57P03" }), "orders").retryable).toBe(true);
  });

  it("says a retry cannot help for a refused login, a missing database or a missing privilege", () => {
    expect(toConnectorError(Object.assign(new Error("password authentication failed"), { code: "28P01" }), "orders").retryable).toBe(false);
    expect(toConnectorError(Object.assign(new Error('database "x" does not exist'), { code: "3D000" }), "orders").retryable).toBe(false);
    const prismaWrapped = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "42501", originalMessage: "permission denied to create role" } } },
    });
    const error = toConnectorError(prismaWrapped, "orders (embedded demo store)");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("permission denied to create role");
  });
});
