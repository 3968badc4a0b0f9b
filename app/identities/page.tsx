import type { Metadata } from "next";
import { headers } from "next/headers";
import { IdentityList, IdentitySearch } from "@/components/identities/identity-list";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Identities" };

export default async function IdentitiesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? "";
  const user = await requireUser(q ? `/identities?q=${encodeURIComponent(q)}` : "/identities");
  const caller = await createServerCaller(new Headers(await headers()));
  const list = await caller.identities.list({ q });
  return (
    <AppShell user={user}>
      <PageHeader
        title="Identities"
        description={
          list.searchesAll
            ? "Every person and non-human identity: open one to see what it holds, its credentials and the tickets behind them."
            : "You, your reports and the non-human identities you own: what each holds, its credentials and the tickets behind them."
        }
      >
        <IdentitySearch q={q} searchesAll={list.searchesAll} />
      </PageHeader>
      <IdentityList list={list} q={q} />
    </AppShell>
  );
}
