import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CopyHash } from "./copy-hash";
import type { EvidenceEvent, TicketEvidence } from "./types";

const MARKS: Record<EvidenceEvent["integrity"], { dot: string; text: string; label: string }> = {
  ok: { dot: "bg-green-600 ring-green-100", text: "text-green-700", label: "Intact" },
  "content altered": { dot: "bg-red-600 ring-red-100", text: "text-red-700", label: "Content altered" },
  "link broken": { dot: "bg-orange-500 ring-orange-100", text: "text-orange-700", label: "Link broken" },
};

/** Every audit event of the ticket in chain order, each with its place in the chain and whether it is intact. */
export function EvidenceTimeline({ view }: { view: TicketEvidence }) {
  const i = view.integrity;
  const description = i.checked
    ? `${i.checked} events, seq ${i.firstSeq} to ${i.lastSeq} of ${i.headSeq ?? "?"} in the audit chain. Times are the database's.`
    : "The audit chain holds no events for this ticket.";
  return (
    <Panel id="timeline" title="Timeline" description={description}>
      {view.timeline.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No audit events">Nothing about this ticket was recorded in the audit chain.</EmptyState>
        </div>
      ) : (
        <ol className="relative m-3 border-l border-line">
          {view.timeline.map((e) => (
            <TimelineItem key={e.id} event={e} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

function TimelineItem({ event: e }: { event: EvidenceEvent }) {
  const mark = MARKS[e.integrity];
  return (
    <li className="relative ml-5 pb-5 break-inside-avoid last:pb-1">
      <span aria-hidden="true" className={`absolute -left-[1.66rem] top-1 size-3 rounded-full ring-4 ${mark.dot}`} />
      <p className="text-sm text-ink">
        <span className="font-semibold">{e.actor}</span> {e.description}
      </p>
      <p className="mt-0.5 text-xs text-muted">
        <span className="font-mono font-semibold text-ink">seq {e.seq}</span> ·{" "}
        <time dateTime={new Date(e.occurredAt).toISOString()}>{formatDateTime(e.occurredAt)}</time>
        {e.statedAt ? <> · dated {formatDateTime(e.statedAt)} in the event</> : null}
        <span className="font-mono"> · {e.action}</span>
      </p>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-muted">
        <span className="inline-flex items-center gap-1">
          hash <CopyHash hash={e.hash} label={`hash of seq ${e.seq}`} />
        </span>
        <span className="inline-flex items-center gap-1">
          prev <CopyHash hash={e.prevHash} label={`previous hash of seq ${e.seq}`} length={8} />
        </span>
        <span className={`font-semibold ${mark.text}`}>
          <span aria-hidden="true">{e.integrity === "ok" ? "✓ " : "✕ "}</span>
          {mark.label}
        </span>
      </div>
      {e.problem ? <p className="mt-1 text-xs font-medium text-red-700">{e.problem}</p> : null}
    </li>
  );
}
