import { formatDateTime, formatHours } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import { Panel } from "@/components/ui/card";
import { summariseScopeDiff } from "@/server/domain/approvals/scope-diff";
import { narrowingChanges, ScopeView } from "./scope-view";
import { lower, type Review } from "./types";

const BASE_TEXT: Record<Review["scope"]["base"], (who: string) => string> = {
  none: (who) => `New access: ${who} holds nothing on this entitlement today.`,
  held: (who) => `Compared with the grant of this entitlement ${who} holds now.`,
  previous: () => "Compared with the scope of the grant this ticket changes.",
  revoke: () => "Revoking removes all of this access.",
  rotate: () => "A rotation replaces the credential; the access stays as it is.",
};

function Legend() {
  return (
    <p className="flex flex-wrap items-center gap-3 text-[11px] text-muted" aria-hidden="true">
      <span className="flex items-center gap-1">
        <span className="size-2.5 rounded-sm bg-green-200" /> added
      </span>
      <span className="flex items-center gap-1">
        <span className="size-2.5 rounded-sm bg-red-200" /> removed
      </span>
      <span className="flex items-center gap-1">
        <span className="size-2.5 rounded-sm bg-amber-200" /> changed
      </span>
    </p>
  );
}

export function RequestedSection({ review }: { review: Review }) {
  const { ticket, scope } = review;
  const who = review.subject.displayName;
  const highlight = scope.base !== "none" && scope.base !== "rotate";
  const narrowed = ticket.approvedScope ? narrowingChanges(ticket.scope, ticket.approvedScope) : [];
  const e = ticket.entitlement;
  const exception = [
    ticket.incidentId ? { label: "Incident", value: ticket.incidentId } : null,
    ticket.sponsor ? { label: "Sponsor", value: `${ticket.sponsor.name} (${ticket.sponsor.email})` } : null,
    ticket.vendorWindowStart && ticket.vendorWindowEnd ? { label: "Vendor session", value: `${formatDateTime(ticket.vendorWindowStart)} – ${formatDateTime(ticket.vendorWindowEnd)}` } : null,
    ticket.followUpDueAt ? { label: "Follow-up review due", value: formatDateTime(ticket.followUpDueAt) } : null,
  ].filter((x): x is { label: string; value: string } => x !== null);
  return (
    <Panel id="requested" title="Requested access" description="The exact scope stored with the ticket, against the access held now.">
      <div className="flex flex-col gap-4 p-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <p className="text-sm font-semibold text-ink">
              {e?.name ?? "Access"}
              {ticket.system ? <span className="font-normal text-muted"> on {ticket.system.name}</span> : null}
            </p>
            <p className="mt-0.5 font-mono text-xs text-muted">
              {ticket.entitlementRef ?? "—"}
              {ticket.system ? ` · ${lower(ticket.system.environment)} · ${lower(ticket.system.connectorType)} connector · owner ${ticket.system.owner.name}` : ""}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-1.5">
            {e ? <RiskBadge tier={e.riskTier} /> : null}
            {e?.privileged ? <span className="rounded-md bg-red-50 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-red-800 ring-1 ring-inset ring-red-200">privileged</span> : null}
            {e?.maxTtlHours ? <span className="text-xs text-muted">at most {formatHours(e.maxTtlHours)}</span> : null}
          </div>
        </div>

        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-xs text-ink">
              {BASE_TEXT[scope.base](who)}
              {highlight ? <span className="ml-1 font-medium">({summariseScopeDiff(scope.changes)})</span> : null}
            </p>
            {highlight ? <Legend /> : null}
          </div>
          <ScopeView scope={ticket.scope} changes={scope.changes} highlight={highlight} label="Requested scope" />
        </div>

        {ticket.approvedScope ? (
          <div className="flex flex-col gap-2 rounded-lg bg-amber-50/50 p-2 ring-1 ring-amber-200">
            <p className="text-xs font-medium text-amber-900">Narrowed by an approver ({summariseScopeDiff(narrowed)}): the scope the approvals let through, and what later stages decide on.</p>
            <ScopeView scope={ticket.approvedScope} changes={narrowed} highlight label="Approved scope" />
          </div>
        ) : null}

        {scope.current.length > 0 ? (
          <div>
            <p className="text-xs text-muted">Held now on {ticket.system?.name ?? "this system"}</p>
            <ul aria-label="Current access on this system" className="mt-1 flex flex-col gap-1">
              {scope.current.map((g) => (
                <li key={`${g.ticket}-${g.ref}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-surface px-2.5 py-1.5 text-sm ring-1 ring-line">
                  <span className="text-ink">
                    {g.entitlement ?? g.ref} <span className="font-mono text-xs text-muted">{g.ticket}</span>
                  </span>
                  <span className="text-xs text-muted">{g.expiresAt ? `until ${formatDateTime(g.expiresAt)}` : "no end date"}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <div>
          <p className="text-xs text-muted">Business justification</p>
          <blockquote className="mt-1 border-l-2 border-brand-500 pl-3 text-sm whitespace-pre-line text-ink">{ticket.justification}</blockquote>
        </div>

        {exception.length > 0 ? (
          <dl className="grid gap-3 sm:grid-cols-2">
            {exception.map((item) => (
              <div key={item.label}>
                <dt className="text-xs text-muted">{item.label}</dt>
                <dd className="mt-0.5 text-sm text-ink">{item.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    </Panel>
  );
}
