import type { RequestStatus } from "@/server/db/generated/enums";

interface StatusStyle {
  label: string;
  /** Badge colours; the dot repeats the hue so the state reads without colour vision too. */
  className: string;
  dot: string;
}

// A Record over the enum: adding a status to the schema fails the type check until it has a style.
const STYLES: Record<RequestStatus, StatusStyle> = {
  DRAFT: { label: "Draft", className: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" },
  SUBMITTED: { label: "Submitted", className: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  PENDING_APPROVAL: {
    label: "Pending approval",
    className: "bg-amber-50 text-amber-800 ring-amber-200",
    dot: "bg-amber-500",
  },
  AUTO_APPROVED: {
    label: "Auto-approved",
    className: "bg-teal-50 text-teal-800 ring-teal-200",
    dot: "bg-teal-500",
  },
  APPROVED: { label: "Approved", className: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  FULFILLING: { label: "Fulfilling", className: "bg-indigo-50 text-indigo-800 ring-indigo-200", dot: "bg-indigo-500" },
  ACTIVE: { label: "Active", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
  REVOKING: { label: "Revoking", className: "bg-orange-50 text-orange-800 ring-orange-200", dot: "bg-orange-500" },
  CLOSED: { label: "Closed", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
  FAILED: { label: "Failed", className: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  DENIED: { label: "Denied", className: "bg-rose-50 text-rose-800 ring-rose-200", dot: "bg-rose-600" },
  CANCELLED: { label: "Cancelled", className: "bg-stone-100 text-stone-600 ring-stone-200", dot: "bg-stone-400" },
  EXPIRED_UNDECIDED: {
    label: "Expired undecided",
    className: "bg-purple-50 text-purple-800 ring-purple-200",
    dot: "bg-purple-500",
  },
};

export function statusLabel(status: RequestStatus): string {
  return STYLES[status].label;
}

export function StatusBadge({ status }: { status: RequestStatus }) {
  const style = STYLES[status];
  return (
    <span
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
    >
      <span className={`size-1.5 rounded-full ${style.dot}`} aria-hidden="true" />
      {style.label}
    </span>
  );
}
