import type { ReactNode } from "react";

/** One choice of a list of radio rows (catalogue results, active grants): the whole row is the hit area. */
export function RadioRow({ name, value, checked, onSelect, label, children }: { name: string; value: string; checked: boolean; onSelect: () => void; label?: string; children: ReactNode }) {
  return (
    <label className="flex cursor-pointer items-start gap-3 px-3 py-2.5 has-checked:bg-brand-50 hover:bg-surface">
      <input type="radio" name={name} value={value} checked={checked} onChange={onSelect} aria-label={label} className="mt-1 size-3.5 accent-brand-600" />
      {children}
    </label>
  );
}
