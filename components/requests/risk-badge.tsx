import type { RiskTier } from "@/server/db/generated/enums";

const STYLES: Record<RiskTier, string> = {
  LOW: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  MEDIUM: "bg-amber-50 text-amber-800 ring-amber-200",
  HIGH: "bg-orange-50 text-orange-800 ring-orange-200",
  CRITICAL: "bg-red-50 text-red-800 ring-red-200",
};

/** Risk tier as a badge; the word is always shown, so the tier reads without colour. */
export function RiskBadge({ tier, score }: { tier: RiskTier | null | undefined; score?: number | null }) {
  if (!tier) return <span className="text-xs text-muted">—</span>;
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${STYLES[tier]}`}>
      {tier.toLowerCase()} risk
      {score !== undefined && score !== null ? <span className="font-mono font-medium normal-case">· {score}</span> : null}
    </span>
  );
}
