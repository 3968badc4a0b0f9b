/** Shared class names so every admin screen's controls look alike. */
export const buttonPrimary =
  "inline-flex items-center justify-center gap-1.5 rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50";
export const buttonSecondary =
  "inline-flex items-center justify-center gap-1.5 rounded-lg border border-line bg-panel px-3 py-2 text-sm font-medium text-ink transition hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";
export const buttonDanger =
  "inline-flex items-center justify-center gap-1.5 rounded-lg bg-red-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-50";
export const buttonGhost =
  "inline-flex items-center justify-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-muted transition hover:bg-slate-100 hover:text-ink disabled:cursor-not-allowed disabled:opacity-40";
export const inputClass =
  "block w-full rounded-lg border border-line bg-panel px-3 py-1.5 text-sm text-ink shadow-xs placeholder:text-slate-400 aria-[invalid=true]:border-red-400 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-300";
export const labelClass = "block text-xs font-medium text-muted";
export const badgeClass = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
