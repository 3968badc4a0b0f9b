import type { Metadata } from "next";
import { headers } from "next/headers";
import { ImportDraft } from "@/components/admin/policy/import-draft";
import { VersionsTable } from "@/components/admin/policy/versions-table";
import { PolicySubnav } from "@/components/admin/policy-subnav";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { Forbidden } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policy versions" };

export default async function PolicyVersionsPage() {
  const access = await requireRole("admin", "/admin/policy/versions");
  if (!access.ok) {
    return (
      <AppShell user={access.user}>
        <Forbidden what="the policy configuration" requiredRoles={access.requiredRoles} />
      </AppShell>
    );
  }
  const caller = await createServerCaller(new Headers(await headers()));
  const versions = await caller.policy.versions();
  return (
    <AppShell user={access.user}>
      <PageHeader title="Access policy" description="Every published version is immutable and content-hashed; tickets pin the version that decided them." />
      <PolicySubnav active="/admin/policy/versions" />
      <div className="space-y-6">
        <VersionsTable versions={versions} now={new Date()} />
        <ImportDraft />
      </div>
    </AppShell>
  );
}
