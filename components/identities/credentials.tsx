import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { RotationBadge } from "./badges";
import { TicketRef } from "./links";
import { shortDigest, type IdentityCredential } from "./types";

const th = "px-3 py-2.5 font-semibold";
const td = "px-3 py-3 align-top";

function Which({ c }: { c: IdentityCredential }) {
  if (c.kind === "SECRET") {
    return (
      <>
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-mono text-sm font-medium text-ink">{c.prefix}…</span>
          <span className="rounded bg-surface px-1 text-[11px] font-medium text-muted ring-1 ring-inset ring-line">API key v{c.version}</span>
        </div>
        <div className="mt-0.5 text-xs text-muted">{c.label}</div>
      </>
    );
  }
  return (
    <>
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="font-mono text-sm font-medium text-ink" title={c.serialNumber ?? undefined}>
          {c.serialNumber ? shortDigest(c.serialNumber) : "—"}
        </span>
        <span className="rounded bg-surface px-1 text-[11px] font-medium text-muted ring-1 ring-inset ring-line">certificate</span>
      </div>
      <div className="mt-0.5 break-words text-xs text-muted" title={c.issuerDn ? `Issued by ${c.issuerDn}` : undefined}>
        {c.subjectDn}
      </div>
    </>
  );
}

/** Issued, then how it ends: revoked (with the reason), an end date, or none. */
function Validity({ c, now }: { c: IdentityCredential; now: Date }) {
  const end = c.revokedAt ? (
    <span className="text-ink">
      Revoked {formatDateTime(c.revokedAt)}
      {c.revocationReason ? <span className="text-muted"> · {c.revocationReason}</span> : null}
    </span>
  ) : c.expiresAt ? (
    <span className="text-ink">
      Expires <RelativeTime date={c.expiresAt} now={now} /> <span className="text-muted">· {formatDateTime(c.expiresAt)}</span>
    </span>
  ) : (
    <span className="text-muted">No end date</span>
  );
  return (
    <dl className="flex flex-col gap-0.5 text-xs">
      <div>
        <dt className="sr-only">Issued</dt>
        <dd className="text-muted">Issued {formatDateTime(c.issuedAt)}</dd>
      </div>
      <div>
        <dt className="sr-only">Ends</dt>
        <dd>{end}</dd>
      </div>
    </dl>
  );
}

function Rotation({ c, now }: { c: IdentityCredential; now: Date }) {
  return (
    <>
      <RotationBadge state={c.rotation} />
      {c.rotationDueAt && (c.rotation === "ok" || c.rotation === "due_soon" || c.rotation === "overdue") ? (
        <div className="mt-1 whitespace-nowrap text-xs text-muted">
          <RelativeTime date={c.rotationDueAt} now={now} prefix={c.rotation === "overdue" ? "was due" : "due"} />
        </div>
      ) : null}
    </>
  );
}

/** Every version of the identity's keys and certificates, by fingerprint: values are shown once at issue and never stored. */
export function Credentials({ credentials, rotationPeriodDays, now }: { credentials: IdentityCredential[]; rotationPeriodDays: number | null; now: Date }) {
  const description = rotationPeriodDays
    ? `API keys and certificates, every version, identified by prefix or serial and fingerprint. Rotation is judged against this identity's period of ${rotationPeriodDays} days.`
    : "API keys and certificates, every version, identified by prefix or serial and fingerprint.";
  return (
    <Panel id="credentials" title="Secrets and certificates" description={description}>
      {credentials.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No secrets or certificates">None has been issued to this identity through the portal.</EmptyState>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-left text-sm" aria-label="Secrets and certificates">
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className={th}>Credential</th>
                <th scope="col" className={th}>Fingerprint</th>
                <th scope="col" className={th}>Validity</th>
                <th scope="col" className={th}>Rotation</th>
                <th scope="col" className={th}>Ticket</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {credentials.map((c) => (
                <tr key={c.id} aria-label={c.kind === "SECRET" ? `API key ${c.prefix} version ${c.version}` : `Certificate ${c.serialNumber}`} className={`hover:bg-surface/60 ${c.revokedAt ? "text-muted" : ""}`}>
                  <td className={`${td} w-[28%]`}>
                    <Which c={c} />
                  </td>
                  <td className={td}>
                    <span className="whitespace-nowrap font-mono text-xs text-ink" title={`SHA-256 ${c.fingerprint}`}>
                      {shortDigest(c.fingerprint)}
                    </span>
                    {c.lastUsedAt ? (
                      <div className="mt-0.5 whitespace-nowrap text-xs text-muted">
                        <RelativeTime date={c.lastUsedAt} now={now} prefix="used" />
                      </div>
                    ) : null}
                  </td>
                  <td className={td}>
                    <Validity c={c} now={now} />
                  </td>
                  <td className={td}>
                    <Rotation c={c} now={now} />
                  </td>
                  <td className={td}>
                    <TicketRef ticket={c.ticket} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
