import { connectorLabel } from "@/components/requests/ticket/to-ticket-view";
import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CopyHash } from "./copy-hash";
import { prettyJson, words } from "./format";
import type { TicketEvidence } from "./types";

const GRANT_STATUS: Record<string, string> = {
  ACTIVE: "bg-green-50 text-green-800 ring-green-200",
  REVOKED: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  REVOKING: "bg-orange-50 text-orange-800 ring-orange-200",
  PENDING: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
};

function Chip({ children, className }: { children: React.ReactNode; className: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase ring-1 ring-inset ${className}`}>{children}</span>;
}

const when = (d: Date | string | null) => (d ? formatDateTime(d) : "—");

/** What the ticket created on its target: the assignment, key versions or certificates. Never a secret's value. */
export function EvidenceGrants({ grants }: { grants: TicketEvidence["grants"] }) {
  return (
    <Panel id="grants" title="Grants" description="What the connector created on the target. Keys are shown by prefix and fingerprint only.">
      {grants.length === 0 ? (
        <div className="p-3">
          <EmptyState title="Nothing was granted">No connector created access for this ticket.</EmptyState>
        </div>
      ) : (
        <ul className="flex flex-col gap-3 p-3">
          {grants.map((g) => (
            <li key={g.id} className="rounded-lg border border-line p-3 break-inside-avoid">
              <div className="flex flex-wrap items-center gap-2">
                <Chip className={GRANT_STATUS[g.status] ?? "bg-slate-50 text-slate-700 ring-slate-200"}>{words(g.status)}</Chip>
                <span className="text-sm font-semibold text-ink">{g.what ?? words(g.type)}</span>
                <span className="text-xs text-muted">
                  {words(g.type)} · {connectorLabel(g.connectorType)}
                </span>
              </div>
              <dl className="mt-2 grid gap-2 text-sm sm:grid-cols-4">
                <Fact label="Granted" value={when(g.grantedAt)} />
                <Fact label="Expires" value={g.expiresAt ? when(g.expiresAt) : "No end date"} />
                <Fact label="Revoked" value={when(g.revokedAt)} />
                <Fact label="External ref" value={<span className="break-all font-mono text-xs">{g.externalRef ?? "—"}</span>} />
              </dl>
              {g.secrets.length > 0 ? (
                <Table caption="Key versions" head={["Version", "Label", "Prefix", "Fingerprint", "Expires", "Revoked"]}>
                  {g.secrets.map((s) => (
                    <tr key={s.id}>
                      <td className="px-2 py-1">v{s.version}</td>
                      <td className="px-2 py-1">{s.label}</td>
                      <td className="px-2 py-1 font-mono">{s.prefix}…</td>
                      <td className="px-2 py-1"><CopyHash hash={s.fingerprint} label={`fingerprint of key version ${s.version}`} length={16} /></td>
                      <td className="px-2 py-1">{when(s.expiresAt)}</td>
                      <td className="px-2 py-1">{when(s.revokedAt)}</td>
                    </tr>
                  ))}
                </Table>
              ) : null}
              {g.certificates.map((c) => (
                <div key={c.id} className="mt-3 rounded-md bg-surface p-3 ring-1 ring-line">
                  <p className="text-xs font-semibold text-ink">Certificate</p>
                  <dl className="mt-1.5 grid gap-2 text-xs sm:grid-cols-2">
                    <Fact label="Serial number" value={<CopyHash hash={c.serialNumber} label="serial number" length={20} />} />
                    <Fact label="SHA-256 fingerprint" value={<CopyHash hash={c.fingerprintSha256} label="certificate fingerprint" length={20} />} />
                    <Fact label="Subject" value={<span className="break-all font-mono">{c.subjectDn}</span>} />
                    <Fact label="Valid" value={`${when(c.notBefore)} – ${when(c.notAfter)}`} />
                    <Fact label="Revoked" value={c.revokedAt ? `${when(c.revokedAt)}${c.revocationReason ? ` (${c.revocationReason})` : ""}` : "Not revoked"} />
                  </dl>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-ink">{value}</dd>
    </div>
  );
}

function Table({ caption, head, children }: { caption: string; head: string[]; children: React.ReactNode }) {
  return (
    <div className="mt-3 overflow-x-auto rounded-md ring-1 ring-line">
      <table className="w-full text-left text-xs">
        <caption className="bg-surface px-2 py-1.5 text-left text-xs font-semibold text-ink">{caption}</caption>
        <thead className="bg-surface text-muted">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line text-ink">{children}</tbody>
      </table>
    </div>
  );
}

const KIND: Record<string, string> = {
  GRANTED: "bg-green-50 text-green-800 ring-green-200",
  MODIFIED: "bg-sky-50 text-sky-800 ring-sky-200",
  ROTATED: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  REVOKED: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  CANCELLED: "bg-stone-100 text-stone-700 ring-stone-200",
};

/** What each connector read back from the target, or a person attested with an artefact: the proof, not the connector's claim. */
export function EvidenceClosure({ evidence }: { evidence: TicketEvidence["evidence"] }) {
  return (
    <Panel id="closure" title="Closure evidence" description="Read back from the target after each change, or attested with an artefact whose hash is kept.">
      {evidence.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No closure evidence">Nothing was read back from a target for this ticket.</EmptyState>
        </div>
      ) : (
        <ul className="flex flex-col gap-3 p-3">
          {evidence.map((e) => (
            <li key={e.id} className="rounded-lg border border-line p-3 break-inside-avoid">
              <div className="flex flex-wrap items-center gap-2">
                <Chip className={KIND[e.kind] ?? "bg-slate-50 text-slate-700 ring-slate-200"}>{words(e.kind)}</Chip>
                <span className="text-xs text-muted">{connectorLabel(e.connectorType)}</span>
                <span className="ml-auto text-xs text-muted">verified {formatDateTime(e.verifiedAt)}</span>
              </div>
              <p className="mt-1.5 text-sm text-ink">{e.summary}</p>
              {e.attestedBy || e.artefactSha256 ? (
                <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-muted">
                  {e.attestedBy ? <span>Attested by {e.attestedBy.name}</span> : null}
                  {e.artefactSha256 ? (
                    <span className="inline-flex items-center gap-1">
                      artefact SHA-256 <CopyHash hash={e.artefactSha256} label="artefact SHA-256" length={16} />
                    </span>
                  ) : null}
                </p>
              ) : null}
              <details className="mt-2 group">
                <summary className="cursor-pointer text-xs font-medium text-brand-700 hover:underline">What was observed</summary>
                <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-surface p-2 font-mono text-[11px] leading-4 text-ink ring-1 ring-line">{prettyJson(e.observed)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
