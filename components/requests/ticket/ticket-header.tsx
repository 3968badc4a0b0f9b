import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { Card, HeaderFacts } from "@/components/ui/card";
import { SubjectLink } from "@/components/identities/subject-link";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatDateTime, kindLabel } from "../labels";
import { RiskBadge } from "../risk-badge";
import { BreakGlassNote } from "./break-glass-note";
import { CancelButton } from "./cancel-button";
import type { TicketView } from "./ticket-view";

/** `subjectHref` links the subject to their identity page, for a viewer who may open it. */
export function TicketHeader({ ticket, reviewHref = null, subjectHref = null }: { ticket: TicketView; reviewHref?: string | null; subjectHref?: string | null }) {
  const facts = [
    { label: "Kind", value: kindLabel(ticket.kind, ticket.exceptionType) },
    { label: "For", value: subjectHref ? <SubjectLink href={subjectHref} name={ticket.subject.displayName} /> : ticket.subject.displayName },
    { label: "Requested by", value: ticket.requesterName },
    { label: "Expires", value: ticket.expiresAt ? formatDateTime(ticket.expiresAt) : "No end date" },
  ];
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4 sm:flex-nowrap">
        <div className="min-w-0 flex-1">
          <p className="font-mono text-xs font-medium text-brand-700">{ticket.number}</p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight text-ink">{ticket.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <StatusBadge status={ticket.status} />
            <RiskBadge tier={ticket.riskTier} score={ticket.riskScore} />
            <span className="text-xs text-muted">
              <RelativeTime date={ticket.updatedAt} prefix="Updated" />
            </span>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {reviewHref ? (
            <Link href={reviewHref} className="inline-flex items-center rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700">
              Review and decide
            </Link>
          ) : null}
          {ticket.canRenew ? (
            <Link
              href={`/requests/new?renew=${ticket.number}`}
              className="inline-flex items-center rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700"
            >
              Request renewal
            </Link>
          ) : null}
          {ticket.canCancel ? <CancelButton number={ticket.number} /> : null}
          <Link
            href={`/evidence/tickets/${ticket.number}`}
            className="inline-flex items-center rounded-lg border border-line bg-panel px-3.5 py-2 text-sm font-semibold text-ink shadow-card hover:bg-surface"
          >
            Evidence view
          </Link>
        </div>
      </div>
      <HeaderFacts facts={facts} />
      {ticket.breakGlass ? <BreakGlassNote note={ticket.breakGlass} status={ticket.status} /> : null}
    </Card>
  );
}
