import type { Metadata } from "next";
import { headers } from "next/headers";
import { OverdueTable } from "@/components/admin/revocations/overdue-table";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overdue revocations" };

export default async function RevocationsPage() {
  const access = await requireRole("admin", "/admin/revocations");
  if (!access.ok) return <ForbiddenPage user={access.user} what="the overdue revocations" requiredRoles={access.requiredRoles} />;
  const caller = await createServerCaller(new Headers(await headers()));
  const overdue = await caller.fulfilment.overdue();
  const now = new Date();
  return (
    <AppShell user={access.user}>
      <PageHeader
        title="Overdue revocations"
        description="Access past its expiry that is still on the target, and revocations the target has not confirmed. The portal retries each one; these need a look."
      >
        <p className="text-sm text-muted" aria-live="polite">
          {overdue.total === 0 ? "All clear" : `${overdue.total} grant${overdue.total === 1 ? "" : "s"} overdue`}
        </p>
      </PageHeader>
      <OverdueTable items={overdue.items} total={overdue.total} now={now} />
    </AppShell>
  );
}
