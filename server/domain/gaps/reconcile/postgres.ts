import type { PrismaClient } from "@/server/db/generated/client";
import { memberRoleName, parseRef } from "@/server/connectors/postgres/identifiers";
import { grantFactsSelect, orphanRow, whyNotLive, type GrantFacts, type SourceResult } from "./live";

/** More memberships than this on the embedded target is a finding in itself; the report reads no further. */
const MEMBERSHIP_LIMIT = 5_000;
const GRANT_LIMIT = 20_000;
const IDENTITY_LIMIT = 20_000;

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Memberships in pg_auth_members of the group roles that the embedded PostgreSQL target's
 * entitlements name (systems without `connectorConfig.url`), that no live grant of an approved
 * ticket explains. Its externalRef names the membership, or else its scope's role and identity do.
 */
export async function postgresOrphans(db: PrismaClient): Promise<SourceResult> {
  const systems = await db.system.findMany({
    where: { connectorType: "POSTGRES" },
    select: { name: true, connectorConfig: true, entitlements: { select: { name: true, scope: true } } },
  });
  const groups = new Map<string, { entitlement: string; system: string }>();
  const external = systems.filter((s) => typeof record(s.connectorConfig).url === "string");
  for (const s of systems) {
    if (external.includes(s)) continue;
    for (const e of s.entitlements) {
      const role = record(e.scope).role;
      if (typeof role === "string" && !groups.has(role)) groups.set(role, { entitlement: e.name, system: s.name });
    }
  }
  const check = {
    connector: "POSTGRES" as const,
    label: "PostgreSQL",
    status: external.length > 0 ? ("partial" as const) : ("reconciled" as const),
    systems: systems.length - external.length,
    checked: 0,
    orphans: 0,
    note:
      `Role memberships in pg_auth_members of the group roles the embedded target's entitlements name.` +
      (external.length > 0 ? ` ${external.length} system${external.length === 1 ? "" : "s"} on another PostgreSQL server (connectorConfig.url) not read.` : ""),
  };
  if (groups.size === 0) return { check, rows: [] };
  const memberships = await db.$queryRaw<{ member: string; group: string }[]>`
    SELECT m.rolname::text AS member, g.rolname::text AS "group"
      FROM pg_auth_members am
      JOIN pg_roles m ON m.oid = am.member
      JOIN pg_roles g ON g.oid = am.roleid
     WHERE g.rolname::text = ANY(${[...groups.keys()]}::text[])
     ORDER BY g.rolname, m.rolname
     LIMIT ${MEMBERSHIP_LIMIT}`;
  check.checked = memberships.length;
  if (memberships.length === MEMBERSHIP_LIMIT) check.note += ` Only the first ${MEMBERSHIP_LIMIT} memberships were read.`;
  if (memberships.length === 0) return { check, rows: [] };
  // Newest first, so the grant that names a membership last is the one its finding cites.
  const grants = await db.grant.findMany({
    where: { connectorType: "POSTGRES" },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: GRANT_LIMIT,
    select: { externalRef: true, scope: true, identity: { select: { name: true } }, ...grantFactsSelect },
  });
  const live = new Set<string>();
  const lastGrant = new Map<string, GrantFacts>();
  for (const g of grants) {
    const keys = new Set<string>();
    const ref = parseRef(g.externalRef ?? "");
    const role = record(g.scope).role;
    if (ref) keys.add(`${ref.memberRole}|${ref.groupRole}`);
    if (typeof role === "string") keys.add(`${memberRoleName(g.identity.name)}|${role}`);
    const explains = whyNotLive(g) === null;
    for (const k of keys) {
      if (explains) live.add(k);
      if (!lastGrant.has(k)) lastGrant.set(k, g);
    }
  }
  const orphans = memberships.filter((m) => !live.has(`${m.member}|${m.group}`));
  check.orphans = orphans.length;
  if (orphans.length === 0) return { check, rows: [] };
  const identities = await db.identity.findMany({ select: { id: true, name: true, displayName: true }, take: IDENTITY_LIMIT });
  const byRole = new Map(identities.map((i) => [memberRoleName(i.name), i]));
  const rows = orphans.map((m) => {
    const grant = lastGrant.get(`${m.member}|${m.group}`) ?? null;
    const where = groups.get(m.group);
    const membership = `Role ${m.member} is a member of ${m.group} (pg_auth_members)`;
    return orphanRow({
      id: `${m.group}|${m.member}`,
      connector: "POSTGRES",
      system: where?.system ?? "Embedded PostgreSQL",
      identity: byRole.get(m.member) ?? null,
      held: where ? `${where.entitlement}: member of ${m.group}` : `member of ${m.group}`,
      at: null,
      grant,
      why: grant ? `${membership}, but ${whyNotLive(grant)}.` : `${membership} and no grant explains it.`,
    });
  });
  return { check, rows };
}
