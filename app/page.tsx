import { headers } from "next/headers";
import { HomeDashboard } from "@/components/dashboard/home-dashboard";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";
import { EXPIRY_WINDOW_DAYS } from "@/server/domain/dashboard/home";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser("/");
  // Home is for every role; an account whose roles are all unknown has none, and gets nothing.
  if (user.roles.length === 0) return <ForbiddenPage user={user} what="the portal" requiredRoles={[]} />;
  const caller = await createServerCaller(new Headers(await headers()));
  const figures = await caller.dashboard.home();
  const firstName = user.name.split(" ")[0] ?? user.name;
  return (
    <AppShell user={user}>
      <PageHeader title={`Welcome back, ${firstName}`} description={`${user.department} · Here is what needs your attention.`} />
      <HomeDashboard figures={figures} roles={user.roles} now={new Date()} expiryDays={EXPIRY_WINDOW_DAYS} />
    </AppShell>
  );
}
