/**
 * Roles and who may enter which area of the portal. Pages (navigation and page guards) and tRPC
 * procedures both read this one map, so the two can never disagree. Everything fails closed:
 * an unknown role string or an unknown area grants nothing.
 */
export const ROLES = ["REQUESTER", "APPROVER", "AUDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export class UnknownRoleError extends Error {
  override name = "UnknownRoleError";
  constructor(readonly value: unknown) {
    super(`Unknown role ${JSON.stringify(value)}`);
  }
}

/** Parses stored or transported roles; any unknown value rejects the whole list. */
export function parseRoles(values: readonly unknown[]): Role[] {
  for (const value of values) {
    if (!isRole(value)) throw new UnknownRoleError(value);
  }
  return [...new Set(values as Role[])];
}

/** Like parseRoles, but answers "no roles" instead of throwing: for display and navigation. */
export function safeRoles(values: readonly unknown[] | null | undefined): Role[] {
  try {
    return parseRoles(values ?? []);
  } catch {
    return [];
  }
}

export function hasRole(user: { roles: readonly unknown[] } | null | undefined, role: Role): boolean {
  return safeRoles(user?.roles).includes(role);
}

/** Which roles open which area. Admins are deliberately not auditors: separation of duties. */
export const AREA_ROLES = {
  requester: ["REQUESTER"],
  approver: ["APPROVER"],
  auditor: ["AUDITOR"],
  admin: ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREA_ROLES;
export const AREAS = Object.keys(AREA_ROLES) as Area[];

export function isArea(value: unknown): value is Area {
  return typeof value === "string" && Object.hasOwn(AREA_ROLES, value);
}

/** The roles that would open `area`; empty for an unknown area. */
export function rolesFor(area: string): readonly Role[] {
  return isArea(area) ? AREA_ROLES[area] : [];
}

export function canAccess(roles: readonly unknown[] | null | undefined, area: string): boolean {
  const allowed = rolesFor(area);
  return safeRoles(roles).some((role) => allowed.includes(role));
}

export function accessibleAreas(roles: readonly unknown[] | null | undefined): Area[] {
  return AREAS.filter((area) => canAccess(roles, area));
}
