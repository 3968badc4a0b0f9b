import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Credentials } from "@/components/identities/credentials";
import { HeldAccess } from "@/components/identities/held-access";
import { GrantHistory } from "@/components/identities/history";
import { IdentityHeader } from "@/components/identities/identity-header";
import { AppShell } from "@/components/layout/app-shell";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Identity" };

export default async function IdentityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Every signed-in user may try; the query decides whose access this person may read and
  // answers NOT_FOUND for anyone else, exactly like an unknown id.
  const user = await requireUser(`/identities/${id}`);
  const caller = await createServerCaller(new Headers(await headers()));
  const detail = await caller.identities.detail({ id: decodeURIComponent(id) }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const now = new Date();
  const showCredentials = detail.identity.kind === "NHI" || detail.credentials.length > 0;
  return (
    <AppShell user={user}>
      <Link href="/identities" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        ← Identities
      </Link>
      <div className="flex flex-col gap-6">
        <IdentityHeader detail={detail} now={now} />
        <HeldAccess grants={detail.held} total={detail.counts.held} now={now} />
        {showCredentials ? <Credentials credentials={detail.credentials} rotationPeriodDays={detail.identity.rotationPeriodDays} now={now} /> : null}
        <GrantHistory grants={detail.history} total={detail.counts.history} />
      </div>
    </AppShell>
  );
}
