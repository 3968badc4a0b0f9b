import type { ReactNode } from "react";
import { formatDateTime } from "@/components/requests/labels";
import type { Review } from "./types";

const TONES = {
  danger: { box: "border-red-300 bg-red-50", title: "text-red-900", body: "text-red-900", icon: "text-red-600" },
  warn: { box: "border-amber-300 bg-amber-50", title: "text-amber-900", body: "text-amber-900", icon: "text-amber-600" },
  info: { box: "border-sky-300 bg-sky-50", title: "text-sky-900", body: "text-sky-900", icon: "text-sky-600" },
} as const;

function Alert({ tone, title, label, children }: { tone: keyof typeof TONES; title: string; label: string; children: ReactNode }) {
  const t = TONES[tone];
  return (
    <section aria-label={label} className={`flex gap-3 rounded-card border px-4 py-3 ${t.box}`}>
      <svg viewBox="0 0 20 20" className={`mt-0.5 size-5 shrink-0 ${t.icon}`} fill="currentColor" aria-hidden="true">
        {tone === "info" ? (
          <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 4h1.5v1.5h-1.5V6Zm0 3h1.5v5h-1.5V9Z" />
        ) : (
          <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.1 10.6A2 2 0 0 1 16.1 16.5H3.9a2 2 0 0 1-1.7-3l6.1-10.6ZM9.25 7v4.5h1.5V7h-1.5Zm0 5.75v1.5h1.5v-1.5h-1.5Z" />
        )}
      </svg>
      <div className="min-w-0 flex-1">
        <h2 className={`text-sm font-semibold ${t.title}`}>{title}</h2>
        <div className={`mt-1 text-sm ${t.body}`}>{children}</div>
      </div>
    </section>
  );
}

/** What must catch the approver's eye before anything else: SoD conflicts, owner rules, a broken NHI, an open question. */
export function ReviewAlerts({ review }: { review: Review }) {
  const { conflicts, notes } = review.sod;
  const nhiWarnings = review.subject.nhi?.warnings ?? [];
  const info = review.path.infoRequest;
  const followUp = review.ticket.kind === "REVIEW";
  if (conflicts.length === 0 && notes.length === 0 && nhiWarnings.length === 0 && !info && !followUp) return null;
  return (
    <div className="flex flex-col gap-3">
      {followUp ? (
        <Alert tone="warn" label="Break-glass follow-up review" title="Break-glass: this access was granted before review">
          <p>
            {review.requester.name} was granted this access at once{review.ticket.incidentId ? ` during incident ${review.ticket.incidentId}` : ""}. Approve to confirm the emergency use: nothing more is
            granted. Deny to remove the access from the target at once.
          </p>
          {review.ticket.followUpDueAt ? <p className="mt-1 text-xs opacity-80">Review due {formatDateTime(review.ticket.followUpDueAt)}.</p> : null}
        </Alert>
      ) : null}
      {conflicts.length > 0 ? (
        <Alert tone="danger" label="Separation of duties conflicts" title={`Separation of duties: this access would complete ${conflicts.length === 1 ? "a toxic combination" : `${conflicts.length} toxic combinations`}`}>
          <ul className="flex flex-col gap-1.5">
            {conflicts.map((c) => (
              <li key={c.ruleId}>
                <span className="font-medium">{c.description}</span> {review.subject.displayName} already holds{" "}
                <span className="font-mono text-xs">{c.heldName ?? c.held}</span>
                {c.heldTicket ? ` (${c.heldTicket})` : ""} and asks for <span className="font-mono text-xs">{c.requested}</span>.{" "}
                <span className="text-xs opacity-80">Rule {c.ruleId}.</span>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {notes.length > 0 ? (
        <Alert tone="warn" label="Separation of duties notes" title="You own this identity">
          {notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </Alert>
      ) : null}
      {nhiWarnings.length > 0 ? (
        <Alert tone="warn" label="Identity warnings" title={`Check ${review.subject.displayName} before deciding`}>
          <ul className="list-disc pl-4">
            {nhiWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {info ? (
        <Alert tone="info" label="Open question" title={`${info.askedBy?.name ?? "An approver"}${info.onBehalfOf ? ` (for ${info.onBehalfOf.name})` : ""} asked ${review.requester.name} a question`}>
          <p className="whitespace-pre-line">“{info.question}”</p>
          <p className="mt-1 text-xs opacity-80">
            Stage {info.stage}
            {info.askedAt ? ` · ${formatDateTime(info.askedAt)}` : ""} · the stage waits until the requester answers.
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
