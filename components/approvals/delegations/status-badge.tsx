import type { DelegationStatus } from "@/server/domain/delegations/period";

const STYLES: Record<DelegationStatus, { label: string; className: string; dot: string }> = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  upcoming: { label: "Upcoming", className: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  ended: { label: "Ended", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
  cancelled: { label: "Cancelled", className: "bg-stone-100 text-stone-600 ring-stone-200", dot: "bg-stone-400" },
};

export function DelegationStatusBadge({ status }: { status: DelegationStatus }) {
  const style = STYLES[status];
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>
      <span className={`size-1.5 rounded-full ${style.dot}`} aria-hidden="true" />
      {style.label}
    </span>
  );
}
