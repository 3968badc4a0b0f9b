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

export const SLA_TONE: Record<SlaState, { chip: string; dot: string }> = {
  overdue: { chip: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  due_soon: { chip: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  ok: { chip: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
};

/**
 * What a countdown shows at `now`. The server's state holds until the deadline; once it passes
 * the countdown is overdue at once, and an "overdue" the client's clock does not agree with yet
 * shows as due soon.
 */
export function slaDisplay(due: Date, serverState: SlaState, now: Date): { state: SlaState; text: string } {
  const left = due.getTime() - now.getTime();
  const state: SlaState = left < 0 ? "overdue" : serverState === "overdue" ? "due_soon" : serverState;
  const text = left < 0 ? `Overdue by ${formatCountdown(left)}` : `Due in ${formatCountdown(left)}`;
  return { state, text };
}
