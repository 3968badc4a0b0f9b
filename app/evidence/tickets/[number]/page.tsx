import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Answers } from "@/components/evidence/answers";
import { EvidenceControls } from "@/components/evidence/controls";
import { EvidenceApprovals, EvidencePolicy } from "@/components/evidence/decision";
import { EvidenceHeader } from "@/components/evidence/evidence-header";
import { EvidenceClosure, EvidenceGrants } from "@/components/evidence/grants";
import { EvidenceScope } from "@/components/evidence/scope";
import { EvidenceSummary } from "@/components/evidence/summary";
import { EvidenceTimeline } from "@/components/evidence/timeline";
import { AppShell } from "@/components/layout/app-shell";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";
import { mayExportEvidence } from "@/server/domain/evidence/ticket-pack";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ticket evidence" };

// Printing keeps the evidence and leaves out the navigation frame and the buttons.
const PRINT_CSS =
  "@media print { div:has(> aside) { display: none !important; } div:has(> div > aside) { display: block !important; } body { background: white; } .shadow-card { box-shadow: none !important; } }";

export default async function TicketEvidencePage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  // Every signed-in user may try; the query answers NOT_FOUND for a ticket this person may not
  // see, exactly like one that does not exist.
  const user = await requireUser(`/evidence/tickets/${number}`);
  const caller = await createServerCaller(new Headers(await headers()));
  const view = await caller.evidence.ticket({ number: decodeURIComponent(number) }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const subjectHref = (await caller.identities.canOpen({ id: view.summary.subject.id })) ? `/identities/${view.summary.subject.id}` : null;
  const packHref = mayExportEvidence(user.roles) ? `/api/evidence/tickets/${view.number}` : null;
  return (
    <AppShell user={user}>
      <style>{PRINT_CSS}</style>
      <Link href={`/requests/${view.number}`} className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline print:hidden">
        ← Ticket {view.number}
      </Link>
      <div className="flex flex-col gap-6">
        <EvidenceHeader view={view} packHref={packHref} subjectHref={subjectHref} />
        <Answers answers={view.answers} />
        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] print:block">
          <div className="flex flex-col gap-6">
            <EvidenceTimeline view={view} />
          </div>
          <div className="flex flex-col gap-6">
            <EvidenceSummary summary={view.summary} />
            <EvidencePolicy policy={view.policy} />
            <EvidenceApprovals approvals={view.approvals} />
          </div>
        </div>
        <EvidenceScope scope={view.scope} expiry={view.expiry} />
        <EvidenceGrants grants={view.grants} />
        <EvidenceClosure evidence={view.evidence} />
        <EvidenceControls controls={view.controls} />
      </div>
    </AppShell>
  );
}
