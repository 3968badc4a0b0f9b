import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReviewAlerts } from "@/components/approvals/review/alerts";
import { ApprovalPath } from "@/components/approvals/review/approval-path";
import { DecisionArea } from "@/components/approvals/review/decision-area";
import { HistorySection } from "@/components/approvals/review/history-section";
import { PeopleSection } from "@/components/approvals/review/people";
import { PolicySection } from "@/components/approvals/review/policy-section";
import { RequestedSection } from "@/components/approvals/review/requested-section";
import { ReviewHeader } from "@/components/approvals/review/review-header";
import { AppShell } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  const access = await requireRole("approver", `/approvals/${number}`);
  if (!access.ok) return <ForbiddenPage user={access.user} what="the approval review" requiredRoles={access.requiredRoles} />;
  const caller = await createServerCaller(new Headers(await headers()));
  const review = await caller.approvals.review({ number: decodeURIComponent(number) }).catch((error: unknown) => {
    // A ticket the approver may not see answers NOT_FOUND, exactly like one that does not exist.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const subjectHref = (await caller.identities.canOpen({ id: review.subject.id })) ? `/identities/${review.subject.id}` : null;
  return (
    <AppShell user={access.user}>
      <Link href="/approvals" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        ← Approvals
      </Link>
      <div className="flex flex-col gap-6">
        <ReviewHeader review={review} subjectHref={subjectHref} />
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="flex min-w-0 flex-col gap-6">
            <ReviewAlerts review={review} />
            <PeopleSection review={review} />
            <RequestedSection review={review} />
            <PolicySection review={review} />
            <HistorySection review={review} />
            <ApprovalPath review={review} />
          </div>
          {/* The decision stays in view while the approver reads the context on the left. */}
          <div className="lg:sticky lg:top-6">
            <DecisionArea review={review} />
          </div>
        </div>
      </div>
    </AppShell>
  );
}
