"use client";

import { useEffect, useState } from "react";
import type { SlaState } from "@/server/domain/approvals/inbox-input";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short countdown in its two largest units: "3 h 12 min", "2 d 4 h", "45 min". */
export function formatCountdown(ms: number): string {
  const left = Math.abs(ms);
  if (left < MINUTE) return "under a minute";
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

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

const TONE: Record<SlaState, { chip: string; dot: string }> = {
  overdue: { chip: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  due_soon: { chip: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  ok: { chip: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
};

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
  const left = due.getTime() - now.getTime();
  const shown: SlaState = left < 0 ? "overdue" : state === "overdue" ? "due_soon" : state;
  const text = left < 0 ? `Overdue by ${formatCountdown(left)}` : `Due in ${formatCountdown(left)}`;
  return (
    <span
      data-sla={shown}
      title={`SLA due ${absolute.format(due)} UTC`}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[shown].chip}`}
    >
      <span className={`size-1.5 rounded-full ${TONE[shown].dot}`} aria-hidden="true" />
      {/* The server rendered this a moment earlier; the minute may differ, the state does not. */}
      <time dateTime={due.toISOString()} suppressHydrationWarning>
        {text}
      </time>
    </span>
  );
}
