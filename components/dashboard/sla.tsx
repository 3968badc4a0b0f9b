import { formatDuration } from "@/components/ui/relative-time";

export type SlaState = "overdue" | "due-soon" | "on-track" | "none";

/** A stage is "due soon" inside its last working day: the point where a reminder goes out. */
export const DUE_SOON_MS = 24 * 60 * 60 * 1000;

export function slaState(dueAt: Date | null, now: Date = new Date()): SlaState {
  if (!dueAt) return "none";
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= DUE_SOON_MS ? "due-soon" : "on-track";
}

const CHIP: Record<SlaState, string> = {
  overdue: "bg-red-50 text-red-800 ring-red-200",
  "due-soon": "bg-amber-50 text-amber-800 ring-amber-200",
  "on-track": "bg-green-50 text-green-800 ring-green-200",
  none: "bg-slate-50 text-slate-600 ring-slate-200",
};

const DOT: Record<SlaState, string> = {
  overdue: "bg-red-600",
  "due-soon": "bg-amber-500",
  "on-track": "bg-green-600",
  none: "bg-slate-400",
};

function slaText(state: SlaState, dueAt: Date | null, now: Date): string {
  if (!dueAt || state === "none") return "No SLA";
  const left = dueAt.getTime() - now.getTime();
  return state === "overdue" ? `Overdue by ${formatDuration(left)}` : `Due in ${formatDuration(left)}`;
}

export function SlaChip({ dueAt, now = new Date() }: { dueAt: Date | null; now?: Date }) {
  const state = slaState(dueAt, now);
  return (
    <span
      data-sla={state}
      title={dueAt ? `SLA due ${dueAt.toISOString()}` : undefined}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CHIP[state]}`}
    >
      <span className={`size-1.5 rounded-full ${DOT[state]}`} aria-hidden="true" />
      {slaText(state, dueAt, now)}
    </span>
  );
}
