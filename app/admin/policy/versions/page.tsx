import type { Metadata } from "next";
import { ImportDraft } from "@/components/admin/policy/import-draft";
import { VersionsTable } from "@/components/admin/policy/versions-table";
import { openPolicyScreen, PolicyScreen } from "../policy-screen";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Policy versions" };

export default async function PolicyVersionsPage() {
  const screen = await openPolicyScreen("/admin/policy/versions");
  if (!screen.ok) return screen.page;
  const { user, caller } = screen;
  const versions = await caller.policy.versions();
  return (
    <PolicyScreen user={user} active="/admin/policy/versions" description="Every published version is immutable and content-hashed; tickets pin the version that decided them.">
      <div className="space-y-6">
        <VersionsTable versions={versions} now={new Date()} />
        <ImportDraft />
      </div>
    </PolicyScreen>
  );
}
