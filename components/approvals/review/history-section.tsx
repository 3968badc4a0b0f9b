import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { Panel } from "@/components/ui/card";
import { formatDate, lower, type Review } from "./types";

const BARS = [
  { key: "approved", label: "Approved", tone: "bg-emerald-500" },
  { key: "denied", label: "Denied", tone: "bg-rose-500" },
  { key: "pending", label: "Pending", tone: "bg-amber-400" },
  { key: "other", label: "Cancelled or expired", tone: "bg-slate-400" },
] as const;

function PeerChart({ peers }: { peers: Review["history"]["peers"] }) {
  const max = Math.max(1, ...BARS.map((b) => peers[b.key]));
  return (
    <figure aria-label="Peer requests" className="flex flex-col gap-2">
      <figcaption className="text-xs text-ink">
        <span className="text-lg font-semibold tabular-nums">{peers.people}</span> {peers.people === 1 ? "person" : "people"} asked for it in the last {peers.windowDays} days, in{" "}
        {peers.tickets} {peers.tickets === 1 ? "ticket" : "tickets"}.
      </figcaption>
      <dl className="flex flex-col gap-1.5">
        {BARS.map((bar) => (
          <div key={bar.key} className="grid grid-cols-[9rem_1fr_2rem] items-center gap-2 text-xs">
            <dt className="text-muted">{bar.label}</dt>
            <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <div className={`h-full rounded-full ${bar.tone}`} style={{ width: `${(peers[bar.key] / max) * 100}%` }} />
            </div>
            <dd className="text-right font-mono tabular-nums text-ink">{peers[bar.key]}</dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}

/** Whether the subject held this access before, and how peers' requests for it went lately. */
export function HistorySection({ review }: { review: Review }) {
  const { previousGrants, earlierTickets, peers } = review.history;
  const who = review.subject.displayName;
  return (
    <Panel id="history" title="History" description={`${who} and this entitlement, and what peers asked for.`}>
      <div className="grid gap-5 p-3 md:grid-cols-2">
        <div className="flex flex-col gap-3">
          <p className="text-xs font-medium text-ink">
            {previousGrants.length === 0 ? `${who} never held this entitlement.` : `${who} held it ${previousGrants.length === 1 ? "once" : `${previousGrants.length} times`} before.`}
          </p>
          {previousGrants.length > 0 ? (
            <ul aria-label="Earlier grants" className="flex flex-col gap-1">
              {previousGrants.map((g) => (
                <li key={`${g.ticket}-${String(g.grantedAt)}`} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-surface px-2.5 py-1.5 text-xs ring-1 ring-line">
                  <Link href={`/requests/${g.ticket}`} className="font-mono text-brand-700 hover:underline">
                    {g.ticket}
                  </Link>
                  <span className="text-muted">
                    {lower(g.status)} · {g.grantedAt ? formatDate(g.grantedAt) : "not granted"}
                    {g.revokedAt ? ` → revoked ${formatDate(g.revokedAt)}` : g.expiresAt ? ` → ${formatDate(g.expiresAt)}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {earlierTickets.length > 0 ? (
            <div>
              <p className="text-xs text-muted">Earlier tickets for the same access</p>
              <ul aria-label="Earlier tickets" className="mt-1 flex flex-wrap gap-1.5">
                {earlierTickets.map((t) => (
                  <li key={t.ticket} className="flex items-center gap-1.5 rounded-md bg-surface px-2 py-1 ring-1 ring-line">
                    <Link href={`/requests/${t.ticket}`} className="font-mono text-[11px] text-brand-700 hover:underline">
                      {t.ticket}
                    </Link>
                    <StatusBadge status={t.status} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <PeerChart peers={peers} />
      </div>
    </Panel>
  );
}
