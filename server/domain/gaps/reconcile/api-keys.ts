import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { grantFactsSelect, notLiveGrantWhere, orphanRow, whyNotLive, type SourceResult } from "./live";

/** More orphan keys than this is a finding in itself; the report lists no more. */
export const ORPHAN_LIMIT = 2_000;

/** Keys the issuer accepts at `now` (the key check's rule): not revoked, not expired. */
function usableAt(now: Date): Prisma.SecretWhereInput {
  return { AND: [{ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] }, { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] };
}

/**
 * The API-key issuer's own store is the Secret table: every key it would accept now is read, and
 * a key is an orphan when its grant is not pending, active or being revoked, or its ticket was
 * never approved.
 */
export async function apiKeyOrphans(db: PrismaClient, now: Date): Promise<SourceResult> {
  const [systems, checked] = [await db.system.count({ where: { connectorType: "API_KEY" } }), await db.secret.count({ where: usableAt(now) })];
  const keys = await db.secret.findMany({
    where: { AND: [usableAt(now), { grant: notLiveGrantWhere }] },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: ORPHAN_LIMIT,
    select: {
      id: true,
      label: true,
      version: true,
      prefix: true,
      createdAt: true,
      expiresAt: true,
      identity: { select: { id: true, name: true, displayName: true } },
      grant: { select: grantFactsSelect },
    },
  });
  const rows = keys.map((k) => {
    const until = k.expiresAt ? `, valid until ${k.expiresAt.toISOString().slice(0, 10)}` : ", no expiry";
    return orphanRow({
      id: `API_KEY|${k.id}`,
      connector: "API_KEY",
      system: k.grant.request.system?.name ?? "API-key issuer",
      identity: k.identity,
      held: `API key ${k.prefix}… v${k.version} (${k.label})${until}`,
      at: k.createdAt,
      grant: k.grant,
      why: `The key is still accepted, but ${whyNotLive(k.grant) ?? "no live grant explains it"}.`,
    });
  });
  return {
    check: {
      connector: "API_KEY",
      label: "API-key issuer",
      status: "reconciled",
      systems,
      checked,
      orphans: rows.length,
      note: `Every key the issuer accepts now (not revoked, not expired), read from its key store.${keys.length === ORPHAN_LIMIT ? ` Only the newest ${ORPHAN_LIMIT} orphans are listed.` : ""}`,
    },
    rows,
  };
}
