import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { AttestManual } from "@/components/requests/ticket/attest-manual";
import { CollectCredential } from "@/components/requests/ticket/collect-credential";
import { CommentsSection } from "@/components/requests/ticket/comments";
import { GrantsSection } from "@/components/requests/ticket/grants-section";
import { InfoQuestion } from "@/components/requests/ticket/info-question";
import { TicketHeader } from "@/components/requests/ticket/ticket-header";
import { ApprovalsSection, DecisionSection, RequestedSection, SubjectSection, TimelineSection } from "@/components/requests/ticket/ticket-sections";
import { toTicketView } from "@/components/requests/ticket/to-ticket-view";
import { createServerCaller } from "@/server/api/caller";
import { canAccess } from "@/server/auth/roles";
import { requireUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function TicketPage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  // Requesters, approvers, auditors and admins all read tickets; the query itself decides which
  // ticket this person may see and answers NOT_FOUND for any other.
  const user = await requireUser(`/requests/${number}`);
  const caller = await createServerCaller(new Headers(await headers()));
  const dto = await caller.requests.get({ number: decodeURIComponent(number) }).catch((error: unknown) => {
    // A ticket the user may not see answers NOT_FOUND, exactly like one that does not exist.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const ticket = toTicketView(dto);
  // An approver this ticket waits on gets a way to the review page, where the decision is made.
  const review = canAccess(user.roles, "approver") ? await caller.approvals.review({ number: dto.numberValue }).catch(() => null) : null;
  const subjectHref = (await caller.identities.canOpen({ id: dto.subject.id })) ? `/identities/${dto.subject.id}` : null;
  const question = ticket.stages.some((s) => s.status === "INFO_REQUESTED") ? await caller.requests.openQuestion({ number: ticket.number }) : null;
  return (
    <AppShell user={user}>
      <Link href="/requests" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline">
        ← My requests
      </Link>
      <div className="flex flex-col gap-6">
        <TicketHeader ticket={ticket} reviewHref={review?.canDecide.allowed ? `/approvals/${ticket.number}` : null} subjectHref={subjectHref} />
        {ticket.collect ? <CollectCredential number={ticket.number} entitlement={ticket.target.entitlement ?? "The access"} kind={ticket.collect} /> : null}
        {ticket.attest ? (
          <AttestManual
            number={ticket.number}
            action={ticket.attest}
            what={ticket.target.entitlement ?? "The access"}
            system={ticket.target.system ?? "This system"}
            subject={ticket.subject.displayName}
            scope={ticket.approvedScope ?? ticket.scope}
          />
        ) : null}
        {question ? <InfoQuestion number={ticket.number} question={{ ...question, askedAt: question.askedAt?.toISOString() ?? null }} /> : null}
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="flex flex-col gap-6">
            <RequestedSection ticket={ticket} />
            <DecisionSection ticket={ticket} />
            <ApprovalsSection ticket={ticket} />
            <GrantsSection ticket={ticket} />
            <CommentsSection number={ticket.number} comments={ticket.comments} />
          </div>
          <div className="flex flex-col gap-6">
            <SubjectSection ticket={ticket} />
            <TimelineSection ticket={ticket} />
          </div>
        </div>
      </div>
    </AppShell>
  );
}
