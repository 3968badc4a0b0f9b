"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { statusLabel } from "@/components/status-badge";
import { DecisionPanel, type DecideResult } from "./decision-panel";
import type { Outcome } from "./decision-form";
import type { Review } from "./types";

interface Decided {
  outcome: Outcome;
  result: DecideResult;
  summary: string[];
}

function headline({ outcome, result }: Decided, reference: string): string {
  if (outcome === "REQUEST_INFO") return `Question sent: ${reference} waits for the requester's answer`;
  if (outcome === "DENY") return `You denied ${reference}`;
  if (result.status === "APPROVED") return `You approved ${reference}: it is approved`;
  if (result.stage.status === "APPROVED") return `You approved stage ${result.stage.position + 1}; the next stage is open`;
  return `Your approval counts: ${result.stage.approvals} of ${result.stage.quorum} on stage ${result.stage.position + 1}`;
}

function OutcomeCard({ decided, reference }: { decided: Decided; reference: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const tone = decided.outcome === "DENY" ? "bg-rose-50 ring-rose-200 text-rose-900" : decided.outcome === "REQUEST_INFO" ? "bg-sky-50 ring-sky-200 text-sky-900" : "bg-emerald-50 ring-emerald-200 text-emerald-900";
  return (
    <div role="status" aria-label="Decision recorded" className={`m-4 flex flex-col gap-2 rounded-lg p-4 ring-1 ${tone}`}>
      <h3 ref={heading} tabIndex={-1} className="text-sm font-semibold outline-none">
        {headline(decided, reference)}
      </h3>
      <p className="text-xs">Ticket status: {statusLabel(decided.result.status)}. The approval path on this page shows your decision.</p>
      {decided.summary.length > 0 ? (
        <ul className="list-disc pl-4 text-xs">
          {decided.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <Link href="/approvals" className="mt-1 self-start rounded-lg bg-panel px-3 py-1.5 text-sm font-medium text-ink ring-1 ring-line hover:bg-surface">
        Back to the inbox
      </Link>
    </div>
  );
}

/** The right-hand column: the decision form when the viewer may decide, the outcome once they did, or why not. */
export function DecisionArea({ review }: { review: Review }) {
  const [decided, setDecided] = useState<Decided | null>(null);
  const { canDecide } = review;
  return (
    <section aria-labelledby="decision-heading" className="rounded-card border border-line bg-panel shadow-card">
      <header className="border-b border-line px-4 py-3">
        <h2 id="decision-heading" className="text-sm font-semibold text-ink">
          {canDecide.allowed || decided ? "Decide" : "Decision"}
        </h2>
        {canDecide.stage && !decided ? (
          <p className="mt-0.5 text-xs text-muted">
            Stage {canDecide.stage.position + 1}, {canDecide.stage.name} · {canDecide.stage.approvals} of {canDecide.stage.quorum} approval{canDecide.stage.quorum === 1 ? "" : "s"}
          </p>
        ) : null}
      </header>
      {decided ? (
        <OutcomeCard decided={decided} reference={review.ticket.reference} />
      ) : canDecide.allowed ? (
        <DecisionPanel review={review} onDecided={(outcome, result, summary) => setDecided({ outcome, result, summary })} />
      ) : (
        <div role="note" aria-label="Why you cannot decide" className="flex flex-col gap-3 p-4">
          <p className="flex gap-2 text-sm text-ink">
            <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 text-muted" fill="currentColor" aria-hidden="true">
              <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 4h1.5v1.5h-1.5V6Zm0 3h1.5v5h-1.5V9Z" />
            </svg>
            <span>{canDecide.reason}</span>
          </p>
          <Link href="/approvals" className="self-start text-sm font-medium text-brand-700 hover:underline">
            Back to the inbox
          </Link>
        </div>
      )}
    </section>
  );
}
