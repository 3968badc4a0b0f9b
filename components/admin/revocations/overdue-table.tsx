import Link from "next/link";
import { connectorLabel } from "@/components/requests/ticket/to-ticket-view";
import { GrantStatusBadge } from "@/components/requests/ticket/grants-section";
import { formatDateTime } from "@/components/requests/labels";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDuration } from "@/components/ui/relative-time";
import type { RouterOutputs } from "@/components/requests/router-types";

type Overdue = RouterOutputs["fulfilment"]["overdue"];

const JOB_STATE: Record<string, string> = {
  QUEUED: "queued for a retry",
  RUNNING: "running now",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  DEAD: "gave up",
};

function JobCell({ job }: { job: Overdue["items"][number]["job"] }) {
  if (!job) return <span className="text-xs text-muted">No revocation job on record yet; the expiry sweep queues expired grants every minute.</span>;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <span className={`text-xs font-medium ${job.status === "DEAD" || job.status === "FAILED" ? "text-red-800" : "text-ink"}`}>
        Revocation {JOB_STATE[job.status] ?? job.status.toLowerCase()} · attempt {job.attempts} of {job.maxAttempts}
      </span>
      {job.lastError ? (
        <span className="break-words rounded-md bg-red-50 px-2 py-1 font-mono text-[11px] leading-snug text-red-900" title={job.lastError}>
          {job.lastError.length > 240 ? `${job.lastError.slice(0, 240)}…` : job.lastError}
        </span>
      ) : (
        <span className="text-xs text-muted">No error recorded.</span>
      )}
    </div>
  );
}

// A REVOKING grant may still be inside its validity: its removal was asked for before the expiry.
function ExpiredCell({ expiresAt, now }: { expiresAt: Date | null; now: Date }) {
  if (!expiresAt) return <span className="text-xs text-muted">No expiry: removal was asked for</span>;
  const at = new Date(expiresAt);
  const past = at.getTime() <= now.getTime();
  return (
    <>
      <div className="text-ink">{past ? `${formatDuration(now.getTime() - at.getTime())} ago` : "Removal asked for"}</div>
      <div className="text-xs text-muted">{past ? formatDateTime(at) : `would expire ${formatDateTime(at)}`}</div>
    </>
  );
}

export function OverdueTable({ items, total, now }: { items: Overdue["items"]; total: number; now: Date }) {
  if (items.length === 0) {
    return (
      <Card className="p-6">
        <EmptyState title="Nothing expired is still active">Every grant past its expiry has been removed from its target and confirmed by reading it back.</EmptyState>
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[56rem] table-fixed text-left text-sm" aria-label="Overdue revocations">
          <colgroup>
            <col className="w-28" />
            <col className="w-40" />
            <col className="w-36" />
            <col className="w-28" />
            <col className="w-28" />
            <col className="w-36" />
            <col />
          </colgroup>
          <thead className="border-b border-line bg-surface text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Ticket</th>
              <th scope="col" className="px-4 py-3 font-semibold">Identity</th>
              <th scope="col" className="px-4 py-3 font-semibold">Entitlement</th>
              <th scope="col" className="px-4 py-3 font-semibold">Connector</th>
              <th scope="col" className="px-4 py-3 font-semibold">Status</th>
              <th scope="col" className="px-4 py-3 font-semibold">Expired since</th>
              <th scope="col" className="px-4 py-3 font-semibold">Revocation job</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {items.map((row) => (
              <tr key={row.grantId} className="align-top hover:bg-surface/60">
                <td className="px-4 py-3">
                  <Link href={`/requests/${row.number}`} className="whitespace-nowrap font-mono text-xs font-medium text-brand-700 hover:underline">
                    {row.number}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <div className="font-medium text-ink">{row.identity.displayName}</div>
                  <div className="truncate font-mono text-xs text-muted" title={row.identity.name}>{row.identity.name}</div>
                </td>
                <td className="px-4 py-3 break-words text-ink">{row.entitlement ?? "—"}</td>
                <td className="px-4 py-3 text-ink">{connectorLabel(row.connectorType)}</td>
                <td className="px-4 py-3">
                  <GrantStatusBadge status={row.status} />
                </td>
                <td className="px-4 py-3">
                  <ExpiredCell expiresAt={row.expiresAt} now={now} />
                </td>
                <td className="px-4 py-3">
                  <JobCell job={row.job} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > items.length ? (
        <p className="border-t border-line px-4 py-2 text-xs text-muted">
          Showing the {items.length} longest overdue of {total}.
        </p>
      ) : null}
    </Card>
  );
}
