import type { DelegationStatus } from "@/server/domain/delegations/period";

/** A delegation as the page shows it: dates as ISO strings so server and client render the same. */
export interface DelegationView {
  id: string;
  delegator: { name: string; email: string };
  delegate: { name: string; email: string };
  startsAt: string;
  endsAt: string;
  reason: string | null;
  status: DelegationStatus;
}

export function toDelegationView(row: {
  id: string;
  delegator: { name: string; email: string };
  delegate: { name: string; email: string };
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  status: DelegationStatus;
}): DelegationView {
  return {
    id: row.id,
    delegator: { name: row.delegator.name, email: row.delegator.email },
    delegate: { name: row.delegate.name, email: row.delegate.email },
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    reason: row.reason,
    status: row.status,
  };
}

const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const TIME_FORMAT = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function formatDay(iso: string): string {
  return DAY_FORMAT.format(new Date(iso));
}

/**
 * The days a delegation covers, last day included. One ended early shows the time it ended,
 * one cancelled before it started shows the days it would have covered.
 */
export function formatPeriod(d: Pick<DelegationView, "startsAt" | "endsAt" | "status">): string {
  const start = new Date(d.startsAt);
  const end = new Date(d.endsAt);
  if (d.status === "cancelled") return `Planned from ${formatDay(d.startsAt)}`;
  const midnight = end.getUTCHours() === 0 && end.getUTCMinutes() === 0 && end.getUTCSeconds() === 0 && end.getUTCMilliseconds() === 0;
  if (!midnight) return `${formatDay(d.startsAt)} – ${formatDay(d.endsAt)}, ${TIME_FORMAT.format(end)} UTC`;
  const last = new Date(Math.max(start.getTime(), end.getTime() - 86_400_000)).toISOString();
  return last.slice(0, 10) === d.startsAt.slice(0, 10) ? formatDay(d.startsAt) : `${formatDay(d.startsAt)} – ${formatDay(last)}`;
}
