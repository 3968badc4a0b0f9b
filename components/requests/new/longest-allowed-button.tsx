import { isoToLocal } from "./form-state";

/** Fills the expiry with the policy cap from now, a minute short so it is still allowed when it arrives. */
export function LongestAllowedButton({ capHours, onPick }: { capHours: number | null; onPick: (localDateTime: string) => void }) {
  if (capHours === null) return null;
  return (
    <button type="button" onClick={() => onPick(isoToLocal(new Date(Date.now() + capHours * 3_600_000 - 60_000)))} className="rounded-lg border border-line px-3 text-sm font-medium text-ink hover:bg-surface">
      Use the longest allowed
    </button>
  );
}
