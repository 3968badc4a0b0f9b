import type { Metadata } from "next";
import { PolicyEditor } from "@/components/admin/policy/policy-editor";
import { SuggestedPatternsPanel } from "@/components/admin/policy/suggested-patterns-panel";
import { openPolicyScreen, PolicyScreen } from "./policy-screen";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policy draft" };

/** A whole number from the URL within what the procedure accepts; undefined when absent or not a number. */
function bounded(value: string | string[] | undefined, min: number, max: number): number | undefined {
  const n = Number.parseInt((Array.isArray(value) ? value[0] : value) ?? "", 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

export default async function PolicyDraftPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const screen = await openPolicyScreen("/admin/policy");
  if (!screen.ok) return screen.page;
  const { user, caller } = screen;
  // The catalogue is small (under a hundred entitlements): one page names them all for the SoD suggestions.
  const [draft, entitlements] = await Promise.all([caller.policy.draft(), caller.catalogueAdmin.entitlements({ pageSize: 100, sort: "system" })]);
  const params = await searchParams;
  const suggestions = await caller.policy.suggestedPatterns({ minRequesters: bounded(params.minRequesters, 2, 1_000), withinDays: bounded(params.withinDays, 1, 366) });
  const entitlementRefs = entitlements.items.map((e) => e.ref);
  return (
    <PolicyScreen user={user} active="/admin/policy" description="Edit the working draft. Requests keep being decided by the published version until you publish.">
      <SuggestedPatternsPanel suggestions={suggestions} />
      <PolicyEditor draft={draft} entitlementRefs={entitlementRefs} />
    </PolicyScreen>
  );
}
