import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { NotAFulfiller } from "@/components/fulfilment/not-a-fulfiller";
import { TaskTable } from "@/components/fulfilment/task-table";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Fulfilment tasks" };

export default async function FulfilmentPage() {
  // Not a role: owners of systems without an API and admins have tasks; the procedure decides.
  const user = await requireUser("/fulfilment");
  const caller = await createServerCaller(new Headers(await headers()));
  const tasks = await caller.fulfilment.myTasks().catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw error;
  });
  if (!tasks) {
    return (
      <AppShell user={user}>
        <NotAFulfiller />
      </AppShell>
    );
  }
  const now = new Date();
  return (
    <AppShell user={user}>
      <PageHeader
        title="Fulfilment tasks"
        description="Access on systems without an API: set it up or remove it by hand, then attest the change on the ticket with an artefact that shows it."
      >
        <p className="text-sm text-muted" aria-live="polite">
          {tasks.open === 0 ? "Nothing waits on you" : `${tasks.open} task${tasks.open === 1 ? "" : "s"} waiting on you`}
        </p>
      </PageHeader>
      <TaskTable items={tasks.items} now={now} />
    </AppShell>
  );
}
