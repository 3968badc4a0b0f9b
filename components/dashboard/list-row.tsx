import type { ReactNode } from "react";

/** One ticket line: number and title on the left, state and time on the right. */
export function ListRow({
  number,
  title,
  meta,
  badge,
  aside,
}: {
  number: string;
  title: string;
  meta?: ReactNode;
  badge?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <li className="flex items-start justify-between gap-4 rounded-lg px-3 py-3 transition hover:bg-surface">
      <div className="min-w-0">
        <p className="line-clamp-2 text-sm font-medium text-ink" title={title}>
          <span className="mr-2 font-mono text-xs font-medium text-brand-700">{number}</span>
          {title}
        </p>
        {meta ? <p className="mt-1 truncate text-xs text-muted">{meta}</p> : null}
      </div>
      <div className="flex shrink-0 flex-col items-end gap-1.5">
        {badge}
        {aside ? <span className="text-xs text-muted">{aside}</span> : null}
      </div>
    </li>
  );
}

export function RowList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul aria-label={label} className="divide-y divide-line/70">
      {children}
    </ul>
  );
}

/** Says that a list is a preview, so a short list is not mistaken for everything there is. */
export function ShownOf({ shown, total, noun }: { shown: number; total: number; noun: string }) {
  if (shown === 0 || shown >= total) return null;
  return (
    <p className="px-3 pt-2 pb-1 text-xs text-muted">
      Showing the {shown} {noun} of {total.toLocaleString("en")}.
    </p>
  );
}
