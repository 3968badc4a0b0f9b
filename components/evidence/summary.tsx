import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import type { TicketEvidence } from "./types";

/** Who asked, for whom, for what and why. */
export function EvidenceSummary({ summary }: { summary: TicketEvidence["summary"] }) {
  const s = summary.subject;
  const facts = [
    { label: "Requested by", value: `${summary.requester.name} (${summary.requester.email})` },
    { label: s.kind === "NHI" ? "Non-human identity" : "Person", value: `${s.displayName} · ${s.name}` },
    ...(s.kind === "NHI"
      ? [
          { label: "Owner", value: s.owner?.name ?? "None" },
          { label: "Backup owner", value: s.backupOwner?.name ?? "None" },
        ]
      : []),
    { label: "System", value: summary.system ? `${summary.system.name} (${summary.system.environment.toLowerCase()})` : "—" },
    { label: "Entitlement", value: summary.entitlement ? `${summary.entitlement.name} · ${summary.entitlement.key}` : "—" },
    { label: "Submitted", value: summary.dates.submittedAt ? formatDateTime(summary.dates.submittedAt) : "Not submitted" },
    { label: "Closed", value: summary.dates.closedAt ? formatDateTime(summary.dates.closedAt) : "Open" },
  ];
  return (
    <Panel id="summary" title="Who asked, and why">
      <div className="flex flex-col gap-4 p-3">
        <dl className="grid gap-3 sm:grid-cols-2">
          {facts.map((f) => (
            <div key={f.label}>
              <dt className="text-xs text-muted">{f.label}</dt>
              <dd className="mt-0.5 text-sm text-ink break-words">{f.value}</dd>
            </div>
          ))}
        </dl>
        <div>
          <p className="text-xs text-muted">Justification</p>
          <p className="mt-0.5 whitespace-pre-line text-sm text-ink">{summary.justification}</p>
        </div>
      </div>
    </Panel>
  );
}
