import { headers } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { parseTableQuery } from "@/components/data-table/table-query";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { MY_REQUESTS_SPEC } from "@/components/requests/my-requests/columns";
import { toMyRequestsInput } from "@/components/requests/my-requests/input";
import { MyRequestsTable } from "@/components/requests/my-requests/my-requests-table";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function MyRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireRole("requester", "/requests");
  if (!access.ok) return <ForbiddenPage user={access.user} what="requests" requiredRoles={access.requiredRoles} />;
  const query = parseTableQuery(MY_REQUESTS_SPEC, await searchParams);
  const caller = await createServerCaller(new Headers(await headers()));
  const page = await caller.requests.mine(toMyRequestsInput(query));
  return (
    <AppShell user={access.user}>
      <PageHeader title="My requests" description="Every ticket you filed, for yourself, a teammate or a service you own.">
        <Link
          href="/requests/new"
          className="inline-flex items-center gap-1.5 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700"
        >
          <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
            <path d="M8 3v10M3 8h10" />
          </svg>
          New request
        </Link>
      </PageHeader>
      <Suspense>
        <MyRequestsTable initial={{ query, page }} />
      </Suspense>
    </AppShell>
  );
}
