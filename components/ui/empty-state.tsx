import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-1 rounded-lg border border-dashed border-line px-6 py-8 text-center">
      <svg viewBox="0 0 24 24" className="mb-1 size-6 text-muted" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
        <path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5v-9Z" />
        <path d="M3 7.5 12 12l9-4.5M12 12v9" />
      </svg>
      <p className="text-sm font-medium text-ink">{title}</p>
      {children ? <p className="max-w-sm text-sm text-muted">{children}</p> : null}
    </div>
  );
}
