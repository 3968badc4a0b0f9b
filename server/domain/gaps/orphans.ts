import type { PrismaClient } from "@/server/db/generated/client";
import { memberRoleName, parseRef } from "@/server/connectors/postgres/identifiers";
import type { GapRow, GapWindow } from "./types";

/** More memberships than this on the embedded target is a finding in itself; the report reads no further. */
const MEMBERSHIP_LIMIT = 5_000;
const IDENTITY_LIMIT = 20_000;

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Memberships in pg_auth_members of the group roles that the embedded PostgreSQL target's
 * entitlements name (systems without `connectorConfig.url`), that no grant explains. A grant
 * explains a membership while it is PENDING (set up before it is read back), ACTIVE or REVOKING
 * (being removed); its externalRef names the membership, or else its scope's role and identity do.
 */
async function findOrphans(db: PrismaClient): Promise<GapRow[]> {
  const systems = await db.system.findMany({
    where: { connectorType: "POSTGRES" },
    select: { name: true, connectorConfig: true, entitlements: { select: { name: true, scope: true } } },
  });
  const groups = new Map<string, string>();
  for (const s of systems) {
    if (typeof record(s.connectorConfig).url === "string") continue;
    for (const e of s.entitlements) {
      const role = record(e.scope).role;
      if (typeof role === "string" && !groups.has(role)) groups.set(role, `${e.name} (${s.name})`);
    }
  }
  if (groups.size === 0) return [];
  const memberships = await db.$queryRaw<{ member: string; group: string }[]>`
    SELECT m.rolname::text AS member, g.rolname::text AS "group"
      FROM pg_auth_members am
      JOIN pg_roles m ON m.oid = am.member
      JOIN pg_roles g ON g.oid = am.roleid
     WHERE g.rolname::text = ANY(${[...groups.keys()]}::text[])
     ORDER BY g.rolname, m.rolname
     LIMIT ${MEMBERSHIP_LIMIT}`;
  if (memberships.length === 0) return [];
  const grants = await db.grant.findMany({
    where: { connectorType: "POSTGRES", status: { in: ["PENDING", "ACTIVE", "REVOKING"] } },
    select: { externalRef: true, scope: true, identity: { select: { name: true } } },
  });
  const explained = new Set<string>();
  for (const g of grants) {
    const ref = parseRef(g.externalRef ?? "");
    const role = record(g.scope).role;
    if (ref) explained.add(`${ref.memberRole}|${ref.groupRole}`);
    if (typeof role === "string") explained.add(`${memberRoleName(g.identity.name)}|${role}`);
  }
  const orphans = memberships.filter((m) => !explained.has(`${m.member}|${m.group}`));
  if (orphans.length === 0) return [];
  const identities = await db.identity.findMany({ select: { id: true, name: true, displayName: true }, take: IDENTITY_LIMIT });
  const byRole = new Map(identities.map((i) => [memberRoleName(i.name), i]));
  return orphans.map((m) => ({
    id: `${m.group}|${m.member}`,
    ticket: null,
    identity: byRole.get(m.member) ?? null,
    grantId: null,
    subject: groups.get(m.group) ?? m.group,
    at: null,
    why: `Role ${m.member} is a member of ${m.group} (pg_auth_members) and no grant explains it.`,
  }));
}

export async function countOrphans(db: PrismaClient): Promise<number> {
  return (await findOrphans(db)).length;
}

export async function orphanMemberships(db: PrismaClient, w: GapWindow): Promise<GapRow[]> {
  return (await findOrphans(db)).slice(w.skip, w.skip + w.take);
}
