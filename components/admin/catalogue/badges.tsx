import type { RiskTier } from "@/server/db/generated/enums";
import { badgeClass } from "../styles";

const TIER_STYLES: Record<RiskTier, string> = {
  LOW: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  MEDIUM: "bg-amber-50 text-amber-800 ring-amber-200",
  HIGH: "bg-orange-50 text-orange-800 ring-orange-200",
  CRITICAL: "bg-red-50 text-red-800 ring-red-200",
};

export function TierBadge({ tier }: { tier: RiskTier }) {
  return <span className={`${badgeClass} ${TIER_STYLES[tier]}`}>{tier.toLowerCase()}</span>;
}

/** A yes/no flag that reads without colour: the word is always there. */
export function FlagBadge({ on, label }: { on: boolean; label: string }) {
  return on ? <span className={`${badgeClass} bg-brand-50 text-brand-700 ring-brand-100`}>{label}</span> : <span className="text-xs text-muted">—</span>;
}
