import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "../labels";
import { ScopeBlock, ScopeDiff } from "../new/scope-diff";
import type { TicketView } from "./ticket-view";

function Facts({ items }: { items: { label: string; value: string }[] }) {
  if (items.length === 0) return null;
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {items.map((item) => (
        <div key={item.label}>
          <dt className="text-xs text-muted">{item.label}</dt>
          <dd className="mt-0.5 text-sm text-ink">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function RequestedSection({ ticket }: { ticket: TicketView }) {
  const target = [
    ticket.target.entitlement ? { label: "Entitlement", value: ticket.target.entitlement } : null,
    ticket.target.system ? { label: "System", value: `${ticket.target.system}${ticket.target.environment ? ` (${ticket.target.environment.toLowerCase()})` : ""}` } : null,
  ].filter((x): x is { label: string; value: string } => x !== null);
  return (
    <Panel id="requested" title="What was requested" description="The exact scope, stored unchanged with the ticket.">
      <div className="flex flex-col gap-4 p-3">
        <Facts items={target} />
        <ScopeBlock scope={ticket.scope} />
        {ticket.approvedScope ? (
          <div>
            <p className="mb-1 text-xs font-medium text-amber-900">Narrowed by an approver: what the approvals let through</p>
            <ScopeDiff before={ticket.scope} after={ticket.approvedScope} />
          </div>
        ) : null}
        <div>
          <p className="text-xs text-muted">Justification</p>
          <p className="mt-0.5 whitespace-pre-line text-sm text-ink">{ticket.justification}</p>
        </div>
        <Facts items={ticket.exceptionDetail} />
      </div>
    </Panel>
  );
}

export function SubjectSection({ ticket }: { ticket: TicketView }) {
  const s = ticket.subject;
  return (
    <Panel id="subject" title={s.kind === "NHI" ? "Non-human identity" : "Person"} description={s.kind === "NHI" ? "The service identity this ticket is for." : "Who the access is for."}>
      <div className="flex flex-col gap-3 p-3">
        <p className="text-sm font-semibold text-ink">
          {s.displayName} <span className="font-mono text-xs font-normal text-muted">{s.name}</span>
        </p>
        <Facts items={s.detail} />
      </div>
    </Panel>
  );
}

export function DecisionSection({ ticket }: { ticket: TicketView }) {
  const d = ticket.decision;
  return (
    <Panel id="decision" title="Policy decision" description="Pinned to the policy version that decided it, so it can be replayed.">
      {!d ? (
        <EmptyState title="Not decided yet" />
      ) : (
        <div className="flex flex-col gap-3 p-3 text-sm">
          <p className="font-semibold text-ink">
            {ticket.breakGlass?.role === "emergency"
              ? `Break-glass under rule ${d.ruleId ?? ""}: granted at once, reviewed afterwards`
              : d.route === "AUTO_APPROVE"
              ? `Auto-approved under pattern ${d.pattern ?? d.ruleId ?? ""}`
              : d.route === "WORKFLOW"
                ? `Routed to workflow ${d.workflowName ?? d.ruleId ?? ""}`
                : `Refused by rule ${d.ruleId ?? ""}`}
          </p>
          <p className="text-xs text-muted">
            Policy v{d.policyVersion ?? "?"} · <span className="font-mono">{d.policyHash?.slice(0, 12) ?? "—"}</span> · rule <span className="font-mono">{d.ruleId ?? "—"}</span>
          </p>
          {d.reasons.length > 0 ? (
            <ul className="flex list-disc flex-col gap-1 pl-5 text-xs text-ink">
              {d.reasons.map((reason, i) => (
                <li key={i}>{reason}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </Panel>
  );
}

const APPROVER_STATE = {
  pending: { label: "Pending", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  approved: { label: "Approved", className: "bg-green-50 text-green-800 ring-green-200" },
  denied: { label: "Denied", className: "bg-rose-50 text-rose-800 ring-rose-200" },
  info: { label: "Asked for info", className: "bg-sky-50 text-sky-800 ring-sky-200" },
  withdrawn: { label: "Not needed", className: "bg-slate-100 text-slate-600 ring-slate-200" },
} as const;

export function ApprovalsSection({ ticket }: { ticket: TicketView }) {
  return (
    <Panel id="approvals" title="Approvals" description="Each stage, who decides it and where each approver stands.">
      {ticket.stages.length === 0 ? (
        <EmptyState title="No approval stages">
          {ticket.breakGlass?.role === "emergency"
            ? `Granted at once under break-glass; security decides the follow-up review${ticket.breakGlass.other ? ` ${ticket.breakGlass.other.number}` : ""}.`
            : ticket.decision?.route === "AUTO_APPROVE"
              ? ticket.decision.pattern
                ? `Pre-approved pattern ${ticket.decision.pattern} decided this ticket.`
                : "A policy rule approved this ticket without approvers."
              : null}
        </EmptyState>
      ) : (
        <ol aria-label="Approval stages" className="flex flex-col gap-3 p-3">
          {ticket.stages.map((stage) => (
            <li key={stage.position} className="rounded-lg border border-line p-3">
              <p className="flex flex-wrap items-center gap-2 text-sm font-semibold text-ink">
                {stage.position + 1}. {stage.name}
                <span className="text-xs font-normal text-muted">
                  {stage.status.toLowerCase().replaceAll("_", " ")} · needs {stage.quorum}
                  {stage.dueAt ? ` · due ${formatDateTime(stage.dueAt)}` : ""}
                </span>
              </p>
              <ul aria-label={`Approvers of ${stage.name}`} className="mt-2 flex flex-col gap-1.5">
                {stage.approvers.map((a, i) => (
                  <li key={`${a.name}-${i}`} className="flex flex-wrap items-baseline gap-2 text-sm">
                    <span className="text-ink">{a.name}</span>
                    <span className={`rounded-full px-2 py-0.5 text-[11px] font-medium ring-1 ring-inset ${APPROVER_STATE[a.state].className}`}>{APPROVER_STATE[a.state].label}</span>
                    {a.comment ? <span className="text-xs text-muted">“{a.comment}”</span> : null}
                    {a.narrowing.length > 0 ? <span className="text-xs font-medium text-amber-800">{a.narrowing.join("; ")}</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

export function TimelineSection({ ticket }: { ticket: TicketView }) {
  return (
    <Panel id="timeline" title="Timeline" description="From the audit trail, oldest first.">
      <ol aria-label="Timeline" className="relative ml-4 flex flex-col gap-4 border-l border-line py-3 pr-3 pl-5">
        {ticket.timeline.map((event) => (
          <li key={event.id} className="relative">
            <span aria-hidden="true" className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full bg-brand-500 ring-4 ring-panel" />
            <p className="text-sm text-ink">
              <span className="font-medium">{event.actor}</span> {event.action}
            </p>
            <p className="text-xs text-muted">
              <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(event.at)}</time>
            </p>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
