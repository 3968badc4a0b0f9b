"use client";

import type { RouterOutputs } from "@/components/requests/router-types";

type Report = RouterOutputs["explorer"]["controlReport"];

/**
 * Tickets per control for the current filter (its own control left out), as bars. Each bar is a
 * link to the same search narrowed to that control; the chosen control's bar is marked.
 */
export function ControlChart({
  report,
  loading,
  selected,
  hrefFor,
  onPick,
}: {
  report: Report | undefined;
  loading: boolean;
  selected: string | undefined;
  hrefFor: (control: string | undefined) => string;
  onPick: (control: string | undefined) => void;
}) {
  const max = Math.max(1, ...(report?.controls.map((c) => c.count) ?? [1]));
  return (
    <section aria-labelledby="control-chart-heading" className="rounded-card border border-line bg-panel shadow-card">
      <header className="flex items-start justify-between gap-3 border-b border-line px-4 py-3">
        <div>
          <h2 id="control-chart-heading" className="text-sm font-semibold text-ink">
            Tickets per control
          </h2>
          <p className="mt-0.5 text-xs text-muted">
            {report ? `Of ${report.total} matching ${report.total === 1 ? "ticket" : "tickets"}` : "Counting…"}
            {selected ? ", before the control filter" : ""}. Pick a bar to filter.
          </p>
        </div>
        {selected ? (
          <a
            href={hrefFor(undefined)}
            onClick={(event) => {
              event.preventDefault();
              onPick(undefined);
            }}
            className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50"
          >
            Any control
          </a>
        ) : null}
      </header>
      {!report ? (
        <ul aria-hidden="true" className="grid grid-cols-2 gap-2 p-3 md:grid-cols-5">
          {Array.from({ length: 10 }, (_, i) => (
            <li key={i} className="h-14 animate-pulse rounded-lg bg-surface" />
          ))}
        </ul>
      ) : report.total === 0 ? (
        <p className="px-4 py-3 text-sm text-muted">No matching tickets to count.</p>
      ) : (
        <ul className={`grid grid-cols-2 gap-1 p-2 transition-opacity md:grid-cols-5 ${loading ? "opacity-60" : ""}`}>
          {report.controls.map((c) => {
            const on = selected === c.id;
            const width = c.count === 0 ? 0 : Math.max(2, Math.round((c.count / max) * 100));
            return (
              <li key={c.id}>
                <a
                  href={hrefFor(c.id)}
                  aria-current={on ? "true" : undefined}
                  aria-label={`${c.framework} ${c.ref}: ${c.count} ${c.count === 1 ? "ticket" : "tickets"}`}
                  title={`${c.framework} ${c.ref}: ${c.title}`}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    onPick(c.id);
                  }}
                  className={`group block rounded-lg px-2.5 py-2 ${on ? "bg-brand-50 ring-1 ring-brand-500" : "hover:bg-surface"}`}
                >
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="font-mono text-xs font-semibold text-ink">{c.ref}</span>
                    <span className="text-sm font-semibold text-ink tabular-nums">{c.count}</span>
                  </span>
                  <span className="block truncate text-[11px] text-muted">{c.framework.replace(/ \(.*\)$/, "")}</span>
                  <span className="mt-1.5 block h-2 rounded-full bg-surface ring-1 ring-line/60" aria-hidden="true">
                    <span
                      className={`block h-full rounded-full transition-all ${on ? "bg-brand-700" : "bg-brand-500 group-hover:bg-brand-600"}`}
                      style={{ width: `${width}%` }}
                    />
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
