import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { loadDraftRow, saveDraft, type PolicyDraftView } from "@/server/domain/policy-admin/draft";

/** The pattern id a recurring entitlement gets in the draft: the same one each time, so a second click updates it. */
export function recurringPatternId(ref: string): string {
  return `pa-recurring-${ref.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes a pre-approved pattern for one entitlement into the admin's working policy draft, for
 * review before anything is published: GRANT requests for the kinds of identity that asked for it, capped at the entitlement's
 * own TTL. Nothing changes for requesters until an admin publishes the draft.
 */
export async function draftRecurringPattern(db: PrismaClient, actorId: string, entitlementId: string): Promise<{ patternId: string; draft: PolicyDraftView }> {
  const e = await db.entitlement.findUnique({
    where: { id: entitlementId },
    select: { key: true, name: true, maxTtlHours: true, system: { select: { key: true, name: true } } },
  });
  if (!e) throw new AppError("NOT_FOUND", "entitlementId: no entitlement has this id.", "entitlementId");
  const ref = `${e.system.key}:${e.key}`;
  // The pattern covers the kinds of identity the access was asked for: people, NHIs, or both.
  const asked = await db.accessRequest.findMany({
    where: { entitlementId, kind: "GRANT", status: { not: "DRAFT" } },
    distinct: ["subjectId"],
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { subject: { select: { kind: true } } },
  });
  const seen = new Set(asked.map((r) => r.subject.kind));
  const subjectKinds = (["HUMAN", "NHI"] as const).filter((k) => seen.has(k));
  const patternId = recurringPatternId(ref);
  const row = await loadDraftRow(db, actorId);
  const document: Record<string, unknown> = isRecord(row.document) ? { ...row.document } : {};
  const existing = Array.isArray(document.preApprovedPatterns) ? (document.preApprovedPatterns as unknown[]) : [];
  const pattern = {
    id: patternId,
    description: `${e.name} on ${e.system.name}: requested often by different people; drafted from the recurring-requests gap report.`,
    when: { kinds: ["GRANT"], subjectKinds: subjectKinds.length > 0 ? subjectKinds : ["HUMAN"], entitlements: [ref] },
    maxTtlHours: e.maxTtlHours ?? null,
  };
  const others = existing.filter((p) => !(isRecord(p) && p.id === patternId));
  document.preApprovedPatterns = [...others, pattern];
  return { patternId, draft: await saveDraft(db, actorId, document) };
}
