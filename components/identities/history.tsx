import { formatDateTime } from "@/components/requests/labels";
import { EvidenceKindBadge, GrantStatusBadge } from "@/components/requests/ticket/grants-section";
import { connectorLabel } from "@/components/requests/ticket/to-ticket-view";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TicketRef } from "./links";
import { systemAndConnector, type ClosedGrant } from "./types";

function Closing({ grant }: { grant: ClosedGrant }) {
  const e = grant.closing;
  if (grant.status === "FAILED" && (!e || e.kind === "GRANTED")) {
    return (
      <p className="self-start rounded-md bg-red-50 px-2.5 py-1.5 text-sm text-red-900">
        {grant.failureReason ?? "Fulfilment failed; no reason was recorded."}
      </p>
    );
  }
  if (!e) return <p className="text-sm text-muted">No closing evidence recorded.</p>;
  return (
    <div className="self-start rounded-md border border-line bg-surface/60 px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <EvidenceKindBadge kind={e.kind} />
        <span className="text-xs text-muted">
          {connectorLabel(e.connectorType)} · {e.attested ? "attested" : "read back"} <time dateTime={e.verifiedAt.toISOString()}>{formatDateTime(e.verifiedAt)}</time>
        </span>
      </div>
      <p className="mt-1 break-words text-sm text-ink">{e.summary}</p>
    </div>
  );
}

/** Grants that ended: removed (with the evidence read back from the target) or failed (with the reason). */
export function GrantHistory({ grants, total }: { grants: ClosedGrant[]; total: number }) {
  return (
    <Panel id="history" title="History" description="Access this identity held before, and grants that failed, with the evidence that closed each one.">
      {grants.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No past access">Nothing has been removed from this identity, and no grant has failed.</EmptyState>
        </div>
      ) : (
        <ol className="divide-y divide-line" aria-label="History">
          {grants.map((g) => (
            <li key={g.id} aria-label={`${g.entitlement?.name ?? g.type}, ${g.status.toLowerCase()}`} className="grid gap-3 px-3 py-3 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-ink">{g.entitlement?.name ?? g.type.toLowerCase()}</span>
                  <GrantStatusBadge status={g.status} />
                </div>
                <div className="text-xs text-muted">{systemAndConnector(g.system?.name, connectorLabel(g.connectorType))}</div>
                <div className="mt-1 text-xs text-muted">
                  {g.grantedAt ? `Granted ${formatDateTime(g.grantedAt)}` : "Never granted"}
                  <br />
                  {g.status === "REVOKED" ? "Removed" : "Failed"} {formatDateTime(g.closedAt)}
                </div>
                <div className="mt-1">
                  <TicketRef ticket={g.ticket} />
                </div>
              </div>
              <Closing grant={g} />
            </li>
          ))}
        </ol>
      )}
      {total > grants.length ? <p className="border-t border-line px-3 py-2 text-xs text-muted">Showing the {grants.length} most recent of {total}.</p> : null}
    </Panel>
  );
}
