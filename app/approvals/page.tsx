import { headers } from "next/headers";
import { Suspense } from "react";
import { INBOX_SPEC } from "@/components/approvals/inbox/columns";
import { InboxTable } from "@/components/approvals/inbox/inbox-table";
import { toInboxInput } from "@/components/approvals/inbox/input";
import { parseTableQuery } from "@/components/data-table/table-query";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { canAccess } from "@/server/auth/roles";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireRole("approver", "/approvals");
  if (!access.ok) return <ForbiddenPage user={access.user} what="the approval inbox" requiredRoles={access.requiredRoles} />;
  const query = parseTableQuery(INBOX_SPEC, await searchParams);
  const caller = await createServerCaller(new Headers(await headers()));
  // The catalogue is readable by requesters; an approver who is not one filters by system key.
  const [page, systems] = await Promise.all([
    caller.approvals.inbox(toInboxInput(query)),
    canAccess(access.user.roles, "requester") ? caller.catalogue.systems() : Promise.resolve(null),
  ]);
  return (
    <AppShell user={access.user}>
      <PageHeader
        title="Approvals"
        description="Waiting on me: tickets routed to you or to someone you stand in for, most urgent first. Low-risk ones can be approved together."
      />
      <Suspense>
        <InboxTable initial={{ query, page }} systems={systems?.map(({ key, name }) => ({ key, name })) ?? null} />
      </Suspense>
    </AppShell>
  );
}
