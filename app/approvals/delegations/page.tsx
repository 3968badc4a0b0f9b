import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { DelegationBanner } from "@/components/approvals/delegations/banner";
import { DelegationForm } from "@/components/approvals/delegations/delegation-form";
import { DelegationList } from "@/components/approvals/delegations/delegation-list";
import { toDelegationView } from "@/components/approvals/delegations/view";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Delegation" };

export default async function DelegationsPage() {
  const access = await requireRole("approver", "/approvals/delegations");
  if (!access.ok) return <ForbiddenPage user={access.user} what="delegation" requiredRoles={access.requiredRoles} />;
  const caller = await createServerCaller(new Headers(await headers()));
  const overview = await caller.delegations.list();
  const given = overview.given.map(toDelegationView);
  const received = overview.received.map(toDelegationView);
  const next = given.find((d) => d.status === "upcoming") ?? null;
  return (
    <AppShell user={access.user}>
      <Link href="/approvals" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        ← Approvals
      </Link>
      <PageHeader
        title="Out of office / delegation"
        description="While you are away, the tickets waiting on you go to a colleague you name. They decide on your behalf, and every decision records it."
      />
      <DelegationBanner current={overview.current ? toDelegationView(overview.current) : null} covering={overview.covering.map(toDelegationView)} next={next} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
        <DelegationForm today={new Date().toISOString().slice(0, 10)} rules={overview.rules} />
        <div className="flex flex-col gap-6">
          <DelegationList id="given" title="Delegations I gave" description="Who decides for me, and when." rows={given} side="given" empty="You have not delegated your approvals yet." />
          <DelegationList id="received" title="Delegations I received" description="Whom I stand in for, and when." rows={received} side="received" empty="Nobody has delegated to you." />
        </div>
      </div>
    </AppShell>
  );
}
