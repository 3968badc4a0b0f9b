import type { Metadata } from "next";
import { PolicyEditor } from "@/components/admin/policy/policy-editor";
import { SuggestedPatternsPanel } from "@/components/admin/policy/suggested-patterns-panel";
import { openPolicyScreen, PolicyScreen } from "./policy-screen";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policy draft" };

export default async function PolicyDraftPage() {
  const screen = await openPolicyScreen("/admin/policy");
  if (!screen.ok) return screen.page;
  const { user, caller } = screen;
  // The catalogue is small (under a hundred entitlements): one page names them all for the SoD suggestions.
  const [draft, entitlements] = await Promise.all([caller.policy.draft(), caller.catalogueAdmin.entitlements({ pageSize: 100, sort: "system" })]);
  const suggestions = await caller.policy.suggestedPatterns({});
  const entitlementRefs = entitlements.items.map((e) => e.ref);
  return (
    <PolicyScreen user={user} active="/admin/policy" description="Edit the working draft. Requests keep being decided by the published version until you publish.">
      <PolicyEditor draft={draft} entitlementRefs={entitlementRefs} />
      <SuggestedPatternsPanel suggestions={suggestions} />
    </PolicyScreen>
  );
}
