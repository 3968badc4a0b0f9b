"use client";

import { useEffect, useState } from "react";
import type { SlaState } from "@/server/domain/approvals/inbox-input";
import { SLA_TONE, slaDisplay } from "./sla-format";

/**
 * The clock the countdowns read, ticking every 30 s. One interval per countdown is cheap at a
 * page of rows, and each stays right on its own when the tab sleeps and wakes.
 */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * The stage's SLA as a live countdown, coloured by the state the server computed from the
 * stage's own SLA length; a deadline that passes while the page is open turns overdue at once.
 */
export function SlaCountdown({ dueAt, state }: { dueAt: Date | string | null; state: SlaState }) {
  const now = useNow();
  if (!dueAt) {
    return <span className="inline-flex whitespace-nowrap rounded-full bg-slate-50 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-200">No SLA</span>;
  }
  const due = typeof dueAt === "string" ? new Date(dueAt) : dueAt;
  const { state: shown, text } = slaDisplay(due, state, now);
  return (
    <span
      data-sla={shown}
      title={`SLA due ${absolute.format(due)} UTC`}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SLA_TONE[shown].chip}`}
    >
      <span className={`size-1.5 rounded-full ${SLA_TONE[shown].dot}`} aria-hidden="true" />
      {/* The server rendered this a moment earlier; the minute may differ, the state does not. */}
      <time dateTime={due.toISOString()} suppressHydrationWarning>
        {text}
      </time>
    </span>
  );
}
