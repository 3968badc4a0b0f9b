import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { ENTITLEMENT_SPEC, toEntitlementInput } from "@/components/admin/catalogue/entitlement-columns";
import { EntitlementsView } from "@/components/admin/catalogue/entitlements-view";
import { SYSTEM_SPEC, toSystemInput } from "@/components/admin/catalogue/system-columns";
import { SystemsView } from "@/components/admin/catalogue/systems-view";
import { parseTableQuery } from "@/components/data-table";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalogue" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function CataloguePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requireRole("admin", "/admin/catalogue");
  if (!access.ok) return <ForbiddenPage user={access.user} what="the catalogue administration" requiredRoles={access.requiredRoles} />;
  const params = await searchParams;
  const view = params.view === "systems" ? "systems" : "entitlements";
  const caller = await createServerCaller(new Headers(await headers()));

  let content;
  if (view === "systems") {
    const query = parseTableQuery(SYSTEM_SPEC, params);
    const page = await caller.catalogueAdmin.systems(toSystemInput(query));
    content = <SystemsView initial={{ query, page }} />;
  } else {
    const query = parseTableQuery(ENTITLEMENT_SPEC, params);
    const [page, systems] = await Promise.all([
      caller.catalogueAdmin.entitlements(toEntitlementInput(query)),
      caller.catalogueAdmin.systems({ pageSize: 100, sort: "name" }),
    ]);
    content = <EntitlementsView initial={{ query, page }} systems={systems.items.map((s) => ({ id: s.id, name: s.name }))} />;
  }

  return (
    <AppShell user={access.user}>
      <PageHeader title="Catalogue" description="The systems the portal reaches and the exact entitlements people and services can request." />
      <nav aria-label="Catalogue" className="mb-6 inline-flex gap-1 rounded-xl border border-line bg-panel p-1 shadow-card">
        {(["entitlements", "systems"] as const).map((v) => (
          <Link
            key={v}
            href={v === "systems" ? "/admin/catalogue?view=systems" : "/admin/catalogue"}
            aria-current={v === view ? "page" : undefined}
            className={`rounded-lg px-3 py-1.5 text-sm font-medium capitalize transition ${v === view ? "bg-brand-50 text-brand-700" : "text-muted hover:bg-slate-100 hover:text-ink"}`}
          >
            {v}
          </Link>
        ))}
      </nav>
      {/* The tables read their state from the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense>{content}</Suspense>
    </AppShell>
  );
}
