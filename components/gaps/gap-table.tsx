import Link from "next/link";
import { formatDateTime } from "@/components/requests/labels";
import type { RouterOutputs } from "@/components/requests/router-types";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

type Report = RouterOutputs["gaps"]["report"];

const DATE_LABEL: Record<Report["kind"], string> = {
  closedWithoutEvidence: "Closed",
  expiredNotRevoked: "Expired",
  nhiWithoutOwner: "Owner record changed",
  nhiWithoutBackupOwner: "Backup owner record changed",
  pastRotation: "Issued",
  sodBreaches: "Approved",
  orphanMemberships: "Issued or assigned",
  recurringRequests: "Last requested",
};

/** "API key issuer" and "API-key issuer" name the same thing: show it once. */
function sameName(a: string, b: string): boolean {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");
  return plain(a) === plain(b);
}

export function GapTable({ report, title }: { report: Report; title: string }) {
  if (report.total === 0) {
    return (
      <Card className="p-6">
        <EmptyState title={`No findings: ${title.toLowerCase()}`}>
          {report.kind === "orphanMemberships" ? "Everything the targets above reported is explained by a live grant of an approved ticket." : "Nothing in the portal's records matches this report today."}
        </EmptyState>
      </Card>
    );
  }
  const pages = Math.ceil(report.total / report.pageSize);
  const extra = report.kind === "recurringRequests" ? `&minRequesters=${report.recurring.minRequesters}&withinDays=${report.recurring.withinDays}` : "";
  const first = (report.page - 1) * report.pageSize + 1;
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[52rem] table-fixed text-left text-sm" aria-label={title}>
          <colgroup>
            <col className="w-28" />
            <col className="w-48" />
            <col className={report.kind === "orphanMemberships" ? "w-80" : "w-52"} />
            <col className={report.kind === "orphanMemberships" ? "w-32" : "w-40"} />
            <col />
          </colgroup>
          <thead className="border-b border-line bg-surface text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Ticket</th>
              <th scope="col" className="px-4 py-3 font-semibold">Identity</th>
              <th scope="col" className="px-4 py-3 font-semibold">About</th>
              <th scope="col" className="px-4 py-3 font-semibold">{DATE_LABEL[report.kind]}</th>
              <th scope="col" className="px-4 py-3 font-semibold">Why it is a gap</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {report.rows.map((row) => (
              <tr key={row.id} className="align-top hover:bg-surface/60">
                <td className="px-4 py-3">
                  {row.ticket ? (
                    <Link href={`/requests/${row.ticket}`} className="whitespace-nowrap font-mono text-xs font-medium text-brand-700 hover:underline">
                      {row.ticket}
                    </Link>
                  ) : (
                    <span className="text-xs text-muted">—</span>
                  )}
                </td>
                <td className="px-4 py-3">
                  {row.identity ? (
                    <Link href={`/identities/${row.identity.id}`} className="group block">
                      <span className="block font-medium text-ink group-hover:underline">{row.identity.displayName}</span>
                      <span className="block truncate font-mono text-xs text-muted" title={row.identity.name}>{row.identity.name}</span>
                    </Link>
                  ) : (
                    <span className="text-xs text-muted">—</span>
                  )}
                </td>
                <td className="px-4 py-3 break-words text-ink">
                  {row.source ? (
                    <span className="mb-1 flex flex-wrap items-center gap-1.5 text-xs">
                      <span className="font-medium text-ink">{row.source.system}</span>
                      {sameName(row.source.system, row.source.connector) ? null : (
                        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-muted ring-1 ring-inset ring-slate-200">{row.source.connector}</span>
                      )}
                    </span>
                  ) : null}
                  {row.subject}
                </td>
                <td className="px-4 py-3 text-xs text-ink">{row.at ? formatDateTime(row.at) : "—"}</td>
                <td className="px-4 py-3 text-ink">
                  {row.why}
                  {row.entitlement ? (
                    <p className="mt-1.5 text-xs text-muted">
                      An admin can draft a pre-approved pattern for it from the Policy page.
                    </p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-between gap-4 border-t border-line px-4 py-2 text-xs text-muted">
        <span>
          {first}–{first + report.rows.length - 1} of {report.total}
        </span>
        {pages > 1 ? (
          <span className="flex gap-3">
            {report.page > 1 ? <Link className="font-medium text-brand-700 hover:underline" href={`/audit/gaps?kind=${report.kind}&page=${report.page - 1}${extra}`}>Previous</Link> : null}
            {report.page < pages ? <Link className="font-medium text-brand-700 hover:underline" href={`/audit/gaps?kind=${report.kind}&page=${report.page + 1}${extra}`}>Next</Link> : null}
          </span>
        ) : null}
      </div>
    </Card>
  );
}
