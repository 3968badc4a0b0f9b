import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { Panel } from "@/components/ui/card";
import { formatDateTime } from "../labels";
import type { TicketEvidence, TicketView } from "./ticket-view";

const GRANT_STATUS: Record<string, { label: string; className: string; dot: string }> = {
  PENDING: { label: "Pending", className: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  ACTIVE: { label: "Active", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
  REVOKING: { label: "Revoking", className: "bg-orange-50 text-orange-800 ring-orange-200", dot: "bg-orange-500" },
  REVOKED: { label: "Revoked", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
  FAILED: { label: "Failed", className: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
};

const EVIDENCE_KIND: Record<string, string> = {
  GRANTED: "bg-green-50 text-green-800 ring-green-200",
  MODIFIED: "bg-sky-50 text-sky-800 ring-sky-200",
  ROTATED: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  REVOKED: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  CANCELLED: "bg-stone-100 text-stone-600 ring-stone-200",
};

const badge = "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function GrantStatusBadge({ status }: { status: string }) {
  const style = GRANT_STATUS[status] ?? { label: status.toLowerCase(), className: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" };
  return (
    <span className={`${badge} ${style.className}`} data-grant-status={status}>
      <span className={`size-1.5 rounded-full ${style.dot}`} aria-hidden="true" />
      {style.label}
    </span>
  );
}

export function EvidenceKindBadge({ kind }: { kind: string }) {
  return <span className={`${badge} font-semibold tracking-wide ${EVIDENCE_KIND[kind] ?? EVIDENCE_KIND.CANCELLED}`}>{kind}</span>;
}

function EvidenceList({ items, label }: { items: TicketEvidence[]; label: string }) {
  if (items.length === 0) {
    return <p className="text-xs text-muted">No evidence yet: it is recorded once the target has been read back.</p>;
  }
  return (
    <ul aria-label={label} className="flex flex-col gap-2">
      {items.map((e) => (
        <li key={e.id} className="rounded-md border border-line bg-surface/60 px-3 py-2">
          <div className="flex flex-wrap items-center gap-2">
            <EvidenceKindBadge kind={e.kind} />
            <span className="text-xs text-muted">
              {e.connector} · verified <time dateTime={e.verifiedAt.toISOString()}>{formatDateTime(e.verifiedAt)}</time>
            </span>
          </div>
          <p className="mt-1.5 text-sm text-ink">{e.summary}</p>
          {e.attestation ? <AttestationFacts attestation={e.attestation} summary={e.summary} /> : null}
          <details className="group mt-1">
            <summary className="cursor-pointer select-none text-xs font-medium text-brand-700 hover:underline">What the target showed</summary>
            <pre className="mt-1.5 max-h-64 overflow-auto rounded-md border border-line bg-panel p-2 font-mono text-[11px] leading-relaxed text-ink">
              {JSON.stringify(e.observed, null, 2)}
            </pre>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** A change made by hand: the evidence is a person's word and the hash of what they uploaded. */
function AttestationFacts({ attestation, summary }: { attestation: NonNullable<TicketEvidence["attestation"]>; summary: string }) {
  return (
    <dl className="mt-2 grid gap-x-4 gap-y-2 rounded-md border border-line bg-panel px-3 py-2 sm:grid-cols-[auto_minmax(0,1fr)]" aria-label="Attestation">
      <dt className="text-xs text-muted">Attested by</dt>
      <dd className="text-sm font-medium text-ink">{attestation.by ?? "unknown"}</dd>
      {/* The portal's own attestations quote the statement in the summary already. */}
      {attestation.statement && !summary.includes(attestation.statement) ? (
        <>
          <dt className="text-xs text-muted">What they did</dt>
          <dd className="whitespace-pre-line text-sm text-ink">{attestation.statement}</dd>
        </>
      ) : null}
      <dt className="text-xs text-muted">Artefact</dt>
      <dd className="min-w-0 text-sm text-ink">
        {attestation.artefactName ? <span className="block break-all">{attestation.artefactName}</span> : null}
        <code className="block break-all font-mono text-[11px] text-ink" data-artefact-sha256={attestation.artefactSha256 ?? ""}>
          {attestation.artefactSha256 ? `SHA-256 ${attestation.artefactSha256}` : "no artefact hash recorded"}
        </code>
      </dd>
    </dl>
  );
}

function GrantFacts({ grant }: { grant: TicketView["grants"][number] }) {
  const facts = [
    { label: "Connector", value: grant.connector },
    { label: "Granted", value: grant.grantedAt ? formatDateTime(grant.grantedAt) : "not yet" },
    { label: "Expires", value: grant.expiresAt ? formatDateTime(grant.expiresAt) : "no end date" },
    { label: "Last verified", value: grant.lastVerifiedAt ? formatDateTime(grant.lastVerifiedAt) : "never" },
    ...(grant.revokedAt ? [{ label: "Revoked", value: formatDateTime(grant.revokedAt) }] : []),
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
      {facts.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="text-xs text-muted">{f.label}</dt>
          <dd className="mt-0.5 text-sm text-ink">{f.value}</dd>
        </div>
      ))}
      <div className="col-span-full min-w-0">
        <dt className="text-xs text-muted">External reference</dt>
        <dd className="mt-0.5 break-all font-mono text-xs text-ink">{grant.externalRef ?? "none yet"}</dd>
      </div>
    </dl>
  );
}

/** Starts a change, rotation or removal of an active grant: the request form opens on this grant. */
function GrantActions({ links }: { links: TicketView["grantActions"][number]["links"] }) {
  if (links.length === 0) return null;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {links.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className={`rounded-md bg-panel px-2 py-1 text-xs font-medium ring-1 ring-inset ring-line ${l.label === "Remove access" ? "text-red-700 hover:bg-red-50" : "text-ink hover:bg-surface"}`}
        >
          {l.label}
        </Link>
      ))}
    </span>
  );
}

export function GrantsSection({ ticket }: { ticket: TicketView }) {
  return (
    <Panel id="grants" title="Grants and linked tickets" description="What this ticket created on the target, the evidence read back from it, and linked tickets.">
      <div className="flex flex-col gap-4 p-3">
        {ticket.grants.length === 0 ? (
          <p className="text-sm text-muted">No grant yet: one is created once the access is fulfilled.</p>
        ) : (
          <ul aria-label="Grants" className="flex flex-col gap-3">
            {ticket.grants.map((g) => (
              <li key={g.id} aria-label={`Grant: ${g.what}`} className="flex flex-col gap-3 rounded-lg border border-line p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm font-medium text-ink">
                    {g.what} <span className="text-xs font-normal text-muted">({g.type.toLowerCase()})</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-2">
                    <GrantStatusBadge status={g.status} />
                    <GrantActions links={ticket.grantActions.find((a) => a.grantId === g.id)?.links ?? []} />
                  </span>
                </div>
                <GrantFacts grant={g} />
                <div className="flex flex-col gap-2">
                  <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Evidence</h3>
                  <EvidenceList items={g.evidence} label={`Evidence for ${g.what}`} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {ticket.otherEvidence.length > 0 ? (
          <div className="flex flex-col gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Other evidence</h3>
            <EvidenceList items={ticket.otherEvidence} label="Other evidence" />
          </div>
        ) : null}
        {ticket.linked.length > 0 ? (
          <ul aria-label="Linked tickets" className="flex flex-col gap-2">
            {ticket.linked.map((l) => (
              <li key={l.number} className="flex items-center justify-between gap-2 text-sm">
                <span className="text-muted">
                  {l.relation}{" "}
                  <Link href={`/requests/${l.number}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                    {l.number}
                  </Link>
                </span>
                <StatusBadge status={l.status} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Panel>
  );
}
