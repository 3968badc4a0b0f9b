import { createHash } from "node:crypto";
import { ConnectorError } from "../types";

/**
 * PostgreSQL names the connector writes into SQL. Every name is checked against a plain
 * lower-case identifier rule AND double-quoted when used, so a name can never change the
 * statement it is part of.
 */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER_BYTES = 63;
/** Names PostgreSQL reserves or treats specially as role specifications. */
const RESERVED_ROLES = new Set(["public", "none", "current_user", "current_role", "session_user", "postgres"]);

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES;
}

/** Returns the name when it is a plain identifier; otherwise refuses it, naming the field and the rule. */
export function checkIdentifier(name: unknown, field: string): string {
  if (typeof name !== "string" || !isIdentifier(name)) {
    throw new ConnectorError(
      `${field} ${JSON.stringify(name)} is not a valid PostgreSQL name: use lower-case letters, digits and underscores, starting with a letter or underscore, at most ${MAX_IDENTIFIER_BYTES} bytes.`,
      false,
    );
  }
  return name;
}

/** A role name the portal may create or grant: a plain identifier, not reserved, not pg_*. */
export function checkRoleName(name: unknown, field: string): string {
  const role = checkIdentifier(name, field);
  if (role.startsWith("pg_") || RESERVED_ROLES.has(role)) {
    throw new ConnectorError(`${field} "${role}" is reserved by PostgreSQL and cannot be granted by the portal.`, false);
  }
  return role;
}

/** Double-quotes an identifier (a second line of defence after checkIdentifier). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * The login-less role that stands for an identity: its name (an email's local part for people)
 * folded to a plain identifier, so "riley.requester" becomes riley_requester. Names that would
 * fold to something reserved get an "id_" prefix; names too long keep a hash of the original.
 */
export function memberRoleName(identityName: string): string {
  const local = identityName.includes("@") ? identityName.slice(0, identityName.indexOf("@")) : identityName;
  let name = local
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name || /^[0-9]/.test(name) || name.startsWith("pg_") || RESERVED_ROLES.has(name)) name = `id_${name}`.replace(/_+$/, "");
  if (name.length > MAX_IDENTIFIER_BYTES) {
    const hash = createHash("sha256").update(identityName).digest("hex").slice(0, 8);
    name = `${name.slice(0, MAX_IDENTIFIER_BYTES - 9).replace(/_+$/, "")}_${hash}`;
  }
  return checkRoleName(name, "identity role");
}

/** How the target names a membership: "<member role> in <group role>@<database>". */
export interface MembershipRef {
  memberRole: string;
  groupRole: string;
  database: string;
}

export function formatRef(ref: MembershipRef): string {
  return `${ref.memberRole} in ${ref.groupRole}@${ref.database}`;
}

/** Parses an externalRef written by formatRef; null when it is not one. */
export function parseRef(externalRef: string): MembershipRef | null {
  const match = /^([a-z_][a-z0-9_]*) in ([a-z_][a-z0-9_]*)@([a-z_][a-z0-9_]*)$/.exec(externalRef.trim());
  if (!match) return null;
  const [, memberRole, groupRole, database] = match as unknown as [string, string, string, string];
  if (![memberRole, groupRole, database].every(isIdentifier)) return null;
  return { memberRole, groupRole, database };
}
