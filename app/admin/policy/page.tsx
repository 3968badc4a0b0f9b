import type { Metadata } from "next";
import { headers } from "next/headers";
import { PolicyEditor } from "@/components/admin/policy/policy-editor";
import { PolicySubnav } from "@/components/admin/policy-subnav";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { Forbidden } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policy draft" };

export default async function PolicyDraftPage() {
  const access = await requireRole("admin", "/admin/policy");
  if (!access.ok) {
    return (
      <AppShell user={access.user}>
        <Forbidden what="the policy configuration" requiredRoles={access.requiredRoles} />
      </AppShell>
    );
  }
  const caller = await createServerCaller(new Headers(await headers()));
  // The catalogue is small (under a hundred entitlements): one page names them all for the SoD suggestions.
  const [draft, entitlements] = await Promise.all([caller.policy.draft(), caller.catalogueAdmin.entitlements({ pageSize: 100, sort: "system" })]);
  const entitlementRefs = entitlements.items.map((e) => e.ref);
  return (
    <AppShell user={access.user}>
      <PageHeader title="Access policy" description="Edit the working draft. Requests keep being decided by the published version until you publish." />
      <PolicySubnav active="/admin/policy" />
      <PolicyEditor draft={draft} entitlementRefs={entitlementRefs} />
    </AppShell>
  );
}
