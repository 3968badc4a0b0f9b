import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

export type Tone = "neutral" | "ok" | "warn" | "danger";

const ICON_TONES: Record<Tone, string> = {
  neutral: "bg-brand-50 text-brand-600 ring-brand-100",
  ok: "bg-green-50 text-green-700 ring-green-100",
  warn: "bg-amber-50 text-amber-700 ring-amber-100",
  danger: "bg-red-50 text-red-700 ring-red-100",
};

export const ICON_PATHS = {
  requests: "M6 3h9l4 4v14H6V3Zm3 8h7m-7 4h7m-7-8h3",
  inbox: "M3 13h5l1.5 3h5L16 13h5M4 5h16l1 8v6H3v-6l1-8Z",
  clock: "M12 7v5l3 2m6-2a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
  chain: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1m-2 7.4a4 4 0 0 0-5.7 0l-1-1m8-5.4a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  catalogue: "M4 5h16v4H4V5Zm0 6h16v8H4v-8Zm4 3h8",
} as const;

export const numberFormat = new Intl.NumberFormat("en");

/**
 * One headline figure. The card is a labelled region so the figure can be found by its name,
 * and the hint under it says what the number means or what needs attention.
 */
export function StatCard({
  id,
  label,
  value,
  icon,
  tone = "neutral",
  hint,
  children,
}: {
  id: string;
  label: string;
  value: ReactNode;
  icon: keyof typeof ICON_PATHS;
  tone?: Tone;
  hint?: ReactNode;
  children?: ReactNode;
}) {
  const labelId = `stat-${id}-label`;
  return (
    <section aria-labelledby={labelId}>
      <Card className="flex h-full flex-col gap-3 p-5">
        <div className="flex items-center justify-between gap-3">
          <h2 id={labelId} className="text-sm font-medium text-muted">
            {label}
          </h2>
          <span className={`flex size-9 items-center justify-center rounded-lg ring-1 ring-inset ${ICON_TONES[tone]}`} aria-hidden="true">
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
              <path d={ICON_PATHS[icon]} />
            </svg>
          </span>
        </div>
        <p className="text-3xl font-semibold tracking-tight text-ink tabular-nums" data-testid="stat-value">
          {value}
        </p>
        {hint ? <div className="text-xs text-muted">{hint}</div> : null}
        {children}
      </Card>
    </section>
  );
}
