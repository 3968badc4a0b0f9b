import { headers } from "next/headers";
import type { ReactElement, ReactNode } from "react";
import { PolicySubnav } from "@/components/admin/policy-subnav";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole, type AccountUser } from "@/server/auth/session";

type PolicyPath = Parameters<typeof PolicySubnav>[0]["active"];

/**
 * The entry of every policy screen: administrators get a caller for their data, anyone else the
 * page that says which roles may see the policy configuration.
 */
export async function openPolicyScreen(path: PolicyPath): Promise<{ ok: false; page: ReactElement } | { ok: true; user: AccountUser; caller: Awaited<ReturnType<typeof createServerCaller>> }> {
  const access = await requireRole("admin", path);
  if (!access.ok) {
    return { ok: false, page: <ForbiddenPage user={access.user} what="the policy configuration" requiredRoles={access.requiredRoles} /> };
  }
  return { ok: true, user: access.user, caller: await createServerCaller(new Headers(await headers())) };
}

/** The frame the policy screens share: one heading, their own navigation, then the screen. */
export function PolicyScreen({ user, active, description, children }: { user: AccountUser; active: PolicyPath; description: string; children: ReactNode }) {
  return (
    <AppShell user={user}>
      <PageHeader title="Access policy" description={description} />
      <PolicySubnav active={active} />
      {children}
    </AppShell>
  );
}
