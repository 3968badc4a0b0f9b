import type { PrismaClient } from "@/server/db/client";
import { verifyAuditChain, type VerifyResult } from "@/server/domain/audit/verify";

export interface ChainIntegrity {
  ok: boolean;
  /** Events checked in the last full verification. */
  checked: number;
  /** Events in the chain now (may be ahead of `checked` while the cached result is fresh). */
  total: number;
  verifiedAt: Date;
  brokenAt: { seq: string; reason: string } | null;
}

/** A full walk of the chain is linear in its length; the home page reuses one for a minute. */
export const INTEGRITY_CACHE_MS = 60_000;

interface Entry {
  at: number;
  result: Promise<Omit<ChainIntegrity, "total">>;
}

// On globalThis: Next bundles pages and route handlers separately, and a module-level map would
// give each bundle its own cache, so a verification through the API would not refresh the page.
const globalForCache = globalThis as unknown as { auditIntegrityCache?: WeakMap<PrismaClient, Entry> };
const cache = (globalForCache.auditIntegrityCache ??= new WeakMap<PrismaClient, Entry>());

export async function auditChainIntegrity(
  db: PrismaClient,
  options: { maxAgeMs?: number; now?: () => number } = {},
): Promise<ChainIntegrity> {
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? INTEGRITY_CACHE_MS;
  let entry = cache.get(db);
  if (!entry || now() - entry.at > maxAge) {
    entry = { at: now(), result: verifyNow(db) };
    cache.set(db, entry);
    // A failed verification must not be served from the cache for a minute.
    entry.result.catch(() => cache.delete(db));
  }
  const [result, total] = await Promise.all([entry.result, db.auditEvent.count()]);
  return { ...result, total };
}

async function verifyNow(db: PrismaClient): Promise<Omit<ChainIntegrity, "total">> {
  return toIntegrity(await verifyAuditChain(db), new Date());
}

function toIntegrity(result: VerifyResult, verifiedAt: Date): Omit<ChainIntegrity, "total"> {
  if (result.ok) return { ok: true, checked: result.checked, verifiedAt, brokenAt: null };
  return { ok: false, checked: result.checked, verifiedAt, brokenAt: { seq: result.brokenAt.seq.toString(), reason: result.brokenAt.reason } };
}

/** A walk done elsewhere (the streamed verification) becomes the cached result the home page shows. */
export function rememberIntegrity(db: PrismaClient, result: VerifyResult, verifiedAt: Date): Omit<ChainIntegrity, "total"> {
  const integrity = toIntegrity(result, verifiedAt);
  cache.set(db, { at: verifiedAt.getTime(), result: Promise.resolve(integrity) });
  return integrity;
}
