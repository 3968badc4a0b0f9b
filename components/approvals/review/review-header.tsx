import Link from "next/link";
import { SlaCountdown } from "@/components/approvals/inbox/sla-countdown";
import { SubjectLink } from "@/components/identities/subject-link";
import { formatDateTime, kindLabel } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import { StatusBadge } from "@/components/status-badge";
import { Card, HeaderFacts } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Review } from "./types";

/** `subjectHref` links the subject to their identity page, for a viewer who may open it. */
export function ReviewHeader({ review, subjectHref = null }: { review: Review; subjectHref?: string | null }) {
  const { ticket, requester, subject } = review;
  const open = review.path.stages.find((s) => s.status === "PENDING" || s.status === "INFO_REQUESTED");
  const facts = [
    { label: "Requested by", value: `${requester.name}${requester.department ? ` · ${requester.department}` : ""}` },
    {
      label: "For",
      value: (
        <>
          {subjectHref ? <SubjectLink href={subjectHref} name={subject.displayName} /> : subject.displayName}
          {subject.kind === "NHI" ? " (NHI)" : subject.person?.id === requester.id ? " (themself)" : ""}
        </>
      ),
    },
    { label: "Submitted", value: ticket.submittedAt ? formatDateTime(ticket.submittedAt) : "Not submitted" },
    { label: "Expires", value: ticket.expiresAt ? formatDateTime(ticket.expiresAt) : "No end date" },
  ];
  return (
    <Card className="p-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 font-mono text-xs font-medium text-brand-700">
            {ticket.reference}
            <span className="rounded-md bg-slate-50 px-1.5 py-0.5 font-sans text-[11px] font-medium text-slate-700 ring-1 ring-inset ring-slate-200">
              {kindLabel(ticket.kind, ticket.exceptionType)}
            </span>
          </p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight text-ink">{ticket.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <span data-ticket-status={ticket.status}>
              <StatusBadge status={ticket.status} />
            </span>
            <RiskBadge tier={review.policy?.riskTier} score={review.policy?.riskScore} />
            {open ? (
              <span className="flex items-center gap-1.5 text-xs text-muted">
                Stage {open.position + 1}, {open.name}: {open.status === "INFO_REQUESTED" ? "waiting for an answer" : <SlaCountdown dueAt={open.dueAt} state={open.sla === "none" ? "ok" : open.sla} />}
              </span>
            ) : null}
            <span className="text-xs text-muted">
              <RelativeTime date={ticket.updatedAt} prefix="Updated" />
            </span>
          </div>
        </div>
        <Link href={`/requests/${ticket.reference}`} className="shrink-0 self-start rounded-lg border border-line bg-panel px-3 py-1.5 text-sm font-medium text-ink shadow-card hover:bg-surface">
          Ticket page and timeline
        </Link>
      </div>
      <HeaderFacts facts={facts} />
    </Card>
  );
}
