import { SlaCountdown } from "@/components/approvals/inbox/sla-countdown";
import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { narrowingChanges } from "./scope-view";
import { formatValue, pathLabel, type Review, type ReviewDecision, type ReviewStage } from "./types";

const STAGE: Record<ReviewStage["status"], { label: string; chip: string; dot: string }> = {
  WAITING: { label: "Waiting", chip: "bg-slate-50 text-slate-700 ring-slate-200", dot: "bg-slate-300" },
  PENDING: { label: "Deciding now", chip: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  INFO_REQUESTED: { label: "Waiting for an answer", chip: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  APPROVED: { label: "Approved", chip: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  DENIED: { label: "Denied", chip: "bg-rose-50 text-rose-800 ring-rose-200", dot: "bg-rose-600" },
  SKIPPED: { label: "Skipped", chip: "bg-stone-100 text-stone-600 ring-stone-200", dot: "bg-stone-300" },
};

const OUTCOME = {
  APPROVE: { label: "Approved", chip: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  DENY: { label: "Denied", chip: "bg-rose-50 text-rose-800 ring-rose-200" },
  REQUEST_INFO: { label: "Asked for information", chip: "bg-sky-50 text-sky-800 ring-sky-200" },
} as const;

const ASSIGNMENT = { OPEN: "to decide", DONE: "decided", WITHDRAWN: "not needed" } as const;

function Quorum({ stage }: { stage: ReviewStage }) {
  return (
    <span className="flex items-center gap-1.5 text-xs text-muted">
      <span className="flex gap-0.5" aria-hidden="true">
        {Array.from({ length: stage.quorum }, (_, i) => (
          <span key={i} className={`size-2 rounded-full ${i < stage.approvals ? "bg-emerald-500" : "bg-slate-200"}`} />
        ))}
      </span>
      {stage.approvals} of {stage.quorum} approval{stage.quorum === 1 ? "" : "s"}
    </span>
  );
}

function Decision({ d, review }: { d: ReviewDecision; review: Review }) {
  const narrowed = d.narrowedScope ? narrowingChanges(review.ticket.scope, d.narrowedScope) : [];
  return (
    <li className="rounded-lg bg-surface px-3 py-2 ring-1 ring-line" data-outcome={d.outcome}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${OUTCOME[d.outcome].chip}`}>{OUTCOME[d.outcome].label}</span>
        <span className="font-medium text-ink">{d.approver.name}</span>
        {d.onBehalfOf ? <span className="text-xs text-muted">on behalf of {d.onBehalfOf.name}</span> : null}
        <span className="ml-auto text-xs text-muted">
          <time dateTime={new Date(d.at).toISOString()}>{formatDateTime(d.at)}</time>
        </span>
      </p>
      {d.comment ? <p className="mt-1.5 text-sm whitespace-pre-line text-ink">“{d.comment}”</p> : null}
      {narrowed.length > 0 ? (
        <div className="mt-1.5 text-xs text-amber-900">
          <span className="font-medium">Narrowed the scope:</span>{" "}
          {narrowed
            .map((c) =>
              c.kind === "element-removed" ? `${pathLabel(c.path)} without ${formatValue(c.element)}` : c.kind === "changed" ? `${pathLabel(c.path)} ${formatValue(c.before)} → ${formatValue(c.after)}` : pathLabel(c.path),
            )
            .join("; ")}
        </div>
      ) : null}
      {d.shortenedExpiresAt ? (
        <p className="mt-1 text-xs text-amber-900">
          <span className="font-medium">Shortened the expiry</span> to {formatDateTime(d.shortenedExpiresAt)}
        </p>
      ) : null}
    </li>
  );
}

/** Every stage in order with its approvers and every decision, the one deciding now highlighted. */
export function ApprovalPath({ review }: { review: Review }) {
  const { stages } = review.path;
  return (
    <Panel id="path" title="Approval path" description="Stages in order; each needs its quorum of different approvers, and any denial ends the ticket.">
      {stages.length === 0 ? (
        <EmptyState title="No approval stages">{review.policy?.route === "AUTO_APPROVE" ? "The policy approved this ticket without approvers." : "The policy decided this ticket without approvers."}</EmptyState>
      ) : (
        <ol aria-label="Approval stages" className="flex flex-col gap-0 p-3">
          {stages.map((stage, i) => {
            const s = STAGE[stage.status];
            const current = stage.status === "PENDING" || stage.status === "INFO_REQUESTED";
            return (
              <li key={stage.position} aria-label={`Stage ${stage.position + 1}: ${stage.name}`} className="relative flex gap-3 pb-5 last:pb-0">
                {i < stages.length - 1 ? <span aria-hidden="true" className="absolute top-7 bottom-0 left-3.5 w-px bg-line" /> : null}
                <span aria-hidden="true" className={`relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold text-white ${s.dot} ${current ? "ring-4 ring-amber-100" : ""}`}>
                  {stage.position + 1}
                </span>
                <div className={`min-w-0 flex-1 rounded-lg ${current ? "border border-amber-200 bg-amber-50/30 p-3" : "pt-0.5"}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="text-sm font-semibold text-ink">{stage.name}</h3>
                    <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${s.chip}`}>{s.label}</span>
                    <Quorum stage={stage} />
                    {stage.status === "PENDING" ? <SlaCountdown dueAt={stage.dueAt} state={stage.sla === "none" ? "ok" : stage.sla} /> : null}
                  </div>
                  <p className="mt-1 text-xs text-muted">
                    SLA {stage.slaHours} h{stage.dueAt ? ` · due ${formatDateTime(stage.dueAt)}` : ""}
                    {stage.remindedAt ? ` · reminded ${formatDateTime(stage.remindedAt)}` : ""}
                    {stage.escalatedAt ? ` · escalated ${formatDateTime(stage.escalatedAt)}` : ""}
                  </p>
                  {stage.assignees.length > 0 ? (
                    <ul aria-label={`Approvers of ${stage.name}`} className="mt-2 flex flex-wrap gap-1.5">
                      {stage.assignees.map((a) => (
                        <li key={a.approver.id} className={`rounded-md px-2 py-0.5 text-xs ring-1 ring-inset ${a.status === "OPEN" ? "bg-panel text-ink ring-line" : "bg-slate-50 text-muted ring-slate-200"}`}>
                          {a.approver.name}
                          {a.onBehalfOf ? <span className="text-muted"> for {a.onBehalfOf.name}</span> : null}
                          <span className="text-muted"> · {ASSIGNMENT[a.status]}</span>
                        </li>
                      ))}
                    </ul>
                  ) : stage.status === "WAITING" ? (
                    <p className="mt-2 text-xs text-muted">Approvers are assigned when the stage opens.</p>
                  ) : null}
                  {stage.decisions.length > 0 ? (
                    <ul aria-label={`Decisions on ${stage.name}`} className="mt-2 flex flex-col gap-1.5">
                      {stage.decisions.map((d) => (
                        <Decision key={d.id} d={d} review={review} />
                      ))}
                    </ul>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}
