import type { PrismaClient } from "@/server/db/generated/client";
import { findCurrentPolicyVersion } from "@/server/domain/policy/store";
import { recurringPatternId } from "./pattern-draft";
import { countRecurring, RECURRING_DEFAULTS, recurringRequests, type RecurringParams } from "./recurring";
import { GAP_PAGE_SIZE, windowFor } from "./types";

export interface SuggestedPattern {
  entitlementId: string;
  /** "system:entitlement", as the pattern's `when.entitlements` names it. */
  ref: string;
  name: string;
  why: string;
  lastRequestedAt: Date | null;
  patternId: string;
  /** The policy draft already holds this pattern (from an earlier click or by hand). */
  inDraft: boolean;
  /** The published policy already holds it. */
  published: boolean;
}

function patternIds(document: unknown): Set<string> {
  const patterns = (document as { preApprovedPatterns?: unknown } | null)?.preApprovedPatterns;
  if (!Array.isArray(patterns)) return new Set();
  return new Set(patterns.flatMap((p) => (p && typeof p === "object" && typeof (p as { id?: unknown }).id === "string" ? [(p as { id: string }).id] : [])));
}

/**
 * The recurring-requests report as the admin's list of pre-approved patterns to consider: each
 * entitlement with the pattern id a draft would get, and whether the draft or the published
 * policy already has it. Reads only; drafting is `draftRecurringPattern`.
 */
export async function suggestedPatterns(
  db: PrismaClient,
  now: Date,
  input: { page?: number; minRequesters?: number; withinDays?: number },
): Promise<{ total: number; page: number; pageSize: number; params: RecurringParams; rows: SuggestedPattern[] }> {
  const params = { minRequesters: input.minRequesters ?? RECURRING_DEFAULTS.minRequesters, withinDays: input.withinDays ?? RECURRING_DEFAULTS.withinDays };
  const page = input.page ?? 1;
  const total = await countRecurring(db, now, params);
  const found = await recurringRequests(db, now, params, windowFor(page));
  const draft = await db.policyDraft.findFirst({ orderBy: { createdAt: "asc" }, select: { document: true } });
  const current = await findCurrentPolicyVersion(db);
  const [drafted, published] = [patternIds(draft?.document), patternIds(current?.storedDocument)];
  const rows = found.flatMap((r) => {
    if (!r.entitlement) return [];
    const patternId = recurringPatternId(r.entitlement.ref);
    return [{ entitlementId: r.entitlement.id, ref: r.entitlement.ref, name: r.subject, why: r.why, lastRequestedAt: r.at, patternId, inDraft: drafted.has(patternId), published: published.has(patternId) }];
  });
  return { total, page, pageSize: GAP_PAGE_SIZE, params, rows };
}
