import type { Observation } from "../types";

export interface SecretVersionRow {
  id: string;
  version: number;
  prefix: string;
  fingerprint: string;
  algorithm: string;
  rotatedFromId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** Accepted by the key check at `now`: not revoked and not past its expiry. */
export function isUsable(row: Pick<SecretVersionRow, "expiresAt" | "revokedAt">, now: Date): boolean {
  return (row.revokedAt === null || row.revokedAt > now) && (row.expiresAt === null || row.expiresAt > now);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What verify read from the Secret rows: fingerprints and dates, never a key. */
export function observeSecrets(grantId: string, identityName: string, rows: SecretVersionRow[], now: Date): Observation {
  const active = rows.filter((r) => isUsable(r, now));
  const versions = rows.map((r) => ({
    id: r.id,
    version: r.version,
    prefix: r.prefix,
    algorithm: r.algorithm,
    fingerprint: r.fingerprint,
    rotatedFromId: r.rotatedFromId,
    createdAt: iso(r.createdAt),
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
    lastUsedAt: iso(r.lastUsedAt),
    state: isUsable(r, now) ? "active" : r.revokedAt && r.revokedAt <= now ? "revoked" : "expired",
  }));
  const observed = {
    source: "Secret",
    grantId,
    checkedAt: now.toISOString(),
    activeVersions: active.map((r) => r.version),
    versions,
  };
  const newest = active.at(-1);
  if (newest) {
    const until = newest.expiresAt ? ` until ${newest.expiresAt.toISOString()}` : " with no expiry";
    const others = active.length > 1 ? ` (${active.length - 1} older version${active.length > 2 ? "s" : ""} still in overlap)` : "";
    return {
      present: true,
      observed,
      summary: `API key ${newest.prefix}… version ${newest.version} active for ${identityName}${until}, sha256 ${newest.fingerprint.slice(0, 12)}…${others}`,
    };
  }
  const why = rows.length === 0 ? "no key was issued" : `${rows.length} version${rows.length > 1 ? "s" : ""}, none active (${summarizeStates(versions)})`;
  return { present: false, observed, summary: `No active API key for ${identityName}: ${why}` };
}

function summarizeStates(versions: { version: number; state: string }[]): string {
  return versions.map((v) => `v${v.version} ${v.state}`).join(", ");
}
