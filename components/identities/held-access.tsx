import { formatDateTime } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import { GrantStatusBadge } from "@/components/requests/ticket/grants-section";
import { connectorLabel } from "@/components/requests/ticket/to-ticket-view";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { RiskTier } from "@/server/db/generated/enums";
import { ExpiryBadge } from "./badges";
import { TicketRef } from "./links";
import { systemAndConnector, type HeldGrant } from "./types";

const th = "px-3 py-2.5 font-semibold";
const td = "px-3 py-3 align-top";

function When({ date, now, none }: { date: Date | null; now: Date; none: string }) {
  if (!date) return <span className="text-xs text-muted">{none}</span>;
  return (
    <>
      <div className="whitespace-nowrap text-ink">
        <RelativeTime date={date} now={now} />
      </div>
      <div className="whitespace-nowrap text-xs text-muted">{formatDateTime(date)}</div>
    </>
  );
}

function What({ grant }: { grant: HeldGrant }) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="font-medium text-ink">{grant.entitlement?.name ?? grant.type.toLowerCase()}</span>
        {grant.entitlement?.privileged ? <span className="rounded bg-orange-50 px-1 text-[11px] font-medium text-orange-800 ring-1 ring-inset ring-orange-200">privileged</span> : null}
      </div>
      <div className="text-xs text-muted">{systemAndConnector(grant.system?.name, connectorLabel(grant.connectorType))}</div>
      <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
        {grant.entitlement ? <RiskBadge tier={grant.entitlement.riskTier as RiskTier} /> : null}
        {grant.status !== "ACTIVE" ? <GrantStatusBadge status={grant.status} /> : null}
      </div>
    </>
  );
}

const SCOPE_LINES = 4;

function ScopeCell({ grant }: { grant: HeldGrant }) {
  if (grant.scopeLines.length === 0) return <span className="text-xs text-muted">Whole entitlement</span>;
  const more = grant.scopeLines.length - SCOPE_LINES;
  return (
    <ul className="flex flex-col gap-0.5 font-mono text-xs text-ink" title={grant.scopeSummary}>
      {grant.scopeLines.slice(0, SCOPE_LINES).map((line) => (
        <li key={line} className="truncate">
          {line}
        </li>
      ))}
      {more > 0 ? <li className="font-sans text-muted">and {more} more</li> : null}
    </ul>
  );
}

/** Grants that give access now, or are on their way in or out: ACTIVE, PENDING and REVOKING. */
export function HeldAccess({ grants, total, now }: { grants: HeldGrant[]; total: number; now: Date }) {
  return (
    <Panel id="held" title="Access held now" description="Active grants, and grants being set up or removed, with the ticket behind each one.">
      {grants.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No access held">This identity holds nothing through the portal right now. Grants appear here once a ticket is fulfilled.</EmptyState>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[52rem] text-left text-sm" aria-label="Access held now">
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className={th}>Entitlement</th>
                <th scope="col" className={th}>Scope</th>
                <th scope="col" className={th}>Granted</th>
                <th scope="col" className={th}>Expires</th>
                <th scope="col" className={th}>Last verified</th>
                <th scope="col" className={th}>Ticket</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {grants.map((g) => (
                <tr key={g.id} aria-label={g.entitlement?.name ?? g.type} className="hover:bg-surface/60">
                  <td className={`${td} w-[26%]`}>
                    <What grant={g} />
                  </td>
                  <td className={`${td} w-[24%] max-w-[18rem]`}>
                    <ScopeCell grant={g} />
                  </td>
                  <td className={td}>
                    <When date={g.grantedAt} now={now} none="Not yet" />
                  </td>
                  <td className={td}>
                    <When date={g.expiresAt} now={now} none="No end date" />
                    <div className="mt-1">
                      <ExpiryBadge state={g.expiry} />
                    </div>
                  </td>
                  <td className={td}>
                    <When date={g.lastVerifiedAt} now={now} none="Never" />
                  </td>
                  <td className={td}>
                    <TicketRef ticket={g.ticket} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > grants.length ? <p className="border-t border-line px-3 py-2 text-xs text-muted">Showing the {grants.length} most recent of {total}.</p> : null}
        </div>
      )}
    </Panel>
  );
}
