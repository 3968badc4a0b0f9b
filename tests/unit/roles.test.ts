import { describe, expect, it } from "vitest";
import { Role as DbRole } from "@/server/db/generated/enums";
import {
  accessibleAreas,
  AREA_ROLES,
  canAccess,
  hasRole,
  parseRoles,
  ROLES,
  rolesFor,
  safeRoles,
  UnknownRoleError,
} from "@/server/auth/roles";

describe("parseRoles", () => {
  it("knows exactly the roles the database column allows", () => {
    expect([...ROLES].sort()).toEqual(Object.values(DbRole).sort());
  });

  it("accepts every known role and drops duplicates", () => {
    expect(parseRoles([...ROLES, "ADMIN"])).toEqual(["REQUESTER", "APPROVER", "AUDITOR", "ADMIN"]);
  });

  it.each([["SUPERUSER"], ["admin"], [""], [null], [42]])("rejects the unknown role %j", (value) => {
    expect(() => parseRoles(["REQUESTER", value])).toThrow(UnknownRoleError);
  });

  it("grants nothing at all to a list with one unknown role (fails closed)", () => {
    expect(safeRoles(["ADMIN", "ROOT"])).toEqual([]);
    expect(hasRole({ roles: ["ADMIN", "ROOT"] }, "ADMIN")).toBe(false);
    expect(canAccess(["ADMIN", "ROOT"], "admin")).toBe(false);
  });
});

describe("canAccess", () => {
  it("opens each area to exactly its declared roles", () => {
    for (const [area, allowed] of Object.entries(AREA_ROLES)) {
      for (const role of ROLES) {
        expect(canAccess([role], area), `${role} -> ${area}`).toBe((allowed as readonly string[]).includes(role));
      }
    }
  });

  it("keeps administrators out of the auditor area (separation of duties)", () => {
    expect(canAccess(["ADMIN"], "auditor")).toBe(false);
  });

  it("refuses unknown areas, missing roles and no user", () => {
    expect(canAccess(["ADMIN"], "billing")).toBe(false);
    expect(canAccess(["ADMIN"], "__proto__")).toBe(false);
    expect(rolesFor("toString")).toEqual([]);
    expect(canAccess([], "requester")).toBe(false);
    expect(canAccess(null, "requester")).toBe(false);
    expect(hasRole(null, "REQUESTER")).toBe(false);
  });

  it("lists the areas for navigation", () => {
    expect(accessibleAreas(["REQUESTER", "APPROVER"])).toEqual(["requester", "approver"]);
    expect(accessibleAreas(["AUDITOR", "ADMIN"])).toEqual(["auditor", "admin"]);
    expect(accessibleAreas(["GOD"])).toEqual([]);
  });
});
