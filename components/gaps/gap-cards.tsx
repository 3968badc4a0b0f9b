import Link from "next/link";
import type { RouterOutputs } from "@/components/requests/router-types";
import { severityStyle } from "./severity";

type Summary = RouterOutputs["gaps"]["summary"];

/** One card per report: its count and severity; the selected one is the table below. */
export function GapCards({ summary, selected }: { summary: Summary; selected: string }) {
  return (
    <nav aria-label="Gap reports">
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {summary.map((item) => {
          const style = severityStyle(item.severity, item.count);
          const active = item.kind === selected;
          return (
            <li key={item.kind}>
              <Link
                href={`/audit/gaps?kind=${item.kind}`}
                aria-current={active ? "page" : undefined}
                className={`flex h-full flex-col gap-2 rounded-card border bg-panel p-4 shadow-card transition focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
                  active ? "border-brand-500 ring-1 ring-brand-500" : "border-line hover:border-brand-300"
                }`}
              >
                <div className="flex items-start justify-between gap-3">
                  <span className="text-sm font-semibold text-ink">{item.title}</span>
                  <span className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>
                    <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${style.dot}`} />
                    {style.label}
                  </span>
                </div>
                <span className="text-3xl font-semibold tabular-nums text-ink">{item.count}</span>
                <span className="text-xs text-muted">{item.description}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
