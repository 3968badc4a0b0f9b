import { formatDateTime } from "@/components/requests/labels";
import type { RouterOutputs } from "@/components/requests/router-types";
import { Card } from "@/components/ui/card";
import { badgeClass, buttonSecondary } from "../styles";
import { SuggestedPatternButton } from "./suggested-pattern-button";

type Suggestions = RouterOutputs["policy"]["suggestedPatterns"];

const field = "w-16 rounded-md border border-line bg-panel px-2 py-1 text-sm text-ink focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500";

/**
 * The recurring-requests gap report for the people who can act on it: entitlements many
 * different people keep asking for, each with a one-click pre-approved pattern for the draft.
 * The threshold is a plain GET form, so the view stays in the URL.
 */
export function SuggestedPatternsPanel({ suggestions }: { suggestions: Suggestions }) {
  const { params, rows, total } = suggestions;
  return (
    <section aria-labelledby="suggested-patterns-heading" className="mb-5">
      <Card className="overflow-hidden">
        <header className="flex flex-wrap items-end justify-between gap-4 border-b border-line px-4 py-3">
          <div className="min-w-0 flex-1">
            <h2 id="suggested-patterns-heading" className="text-sm font-semibold text-ink">
              Suggested pre-approved patterns
              <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-muted">{total}</span>
            </h2>
            <p className="mt-0.5 max-w-3xl text-xs text-muted">
              Entitlements asked for by many different people (the auditors&apos; recurring-requests report). Drafting adds a pattern for GRANT requests by the
              kinds of identity that asked, capped at the entitlement&apos;s own TTL, to the saved draft; nothing changes until you publish. Save your edits below first: with unsaved
              edits the editor keeps them and refuses to save over the pattern.
            </p>
          </div>
          <form method="get" action="/admin/policy" className="flex items-end gap-2" aria-label="Suggestion threshold">
            <label className="flex flex-col gap-1 text-xs text-muted">
              People, at least
              <input type="number" name="minRequesters" min={2} max={1000} defaultValue={params.minRequesters} className={field} />
            </label>
            <label className="flex flex-col gap-1 text-xs text-muted">
              Within days
              <input type="number" name="withinDays" min={1} max={366} defaultValue={params.withinDays} className={field} />
            </label>
            <button type="submit" className={`${buttonSecondary} px-2.5 py-1 text-xs`}>
              Apply
            </button>
          </form>
        </header>
        {rows.length === 0 ? (
          <p className="px-4 py-3 text-sm text-muted">
            No entitlement was asked for by {params.minRequesters} or more different people in the last {params.withinDays} days.
          </p>
        ) : (
          <>
            <ul className="max-h-80 divide-y divide-line overflow-y-auto" aria-label="Suggested patterns">
              {rows.map((row) => (
                <li key={row.entitlementId} className="flex flex-wrap items-center justify-between gap-4 px-4 py-2.5">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-sm font-medium text-ink">{row.name}</span>
                      <span className="font-mono text-xs text-muted">{row.ref}</span>
                      {row.published ? <span className={`${badgeClass} bg-green-50 text-green-800 ring-green-200`}>Published</span> : null}
                      {row.inDraft && !row.published ? <span className={`${badgeClass} bg-sky-50 text-sky-800 ring-sky-200`}>In draft</span> : null}
                    </div>
                    <p className="mt-0.5 text-xs text-muted">
                      {row.why}
                      {row.lastRequestedAt ? ` Last asked for ${formatDateTime(row.lastRequestedAt)}.` : ""}
                    </p>
                  </div>
                  <SuggestedPatternButton entitlementId={row.entitlementId} refName={row.ref} inDraft={row.inDraft} />
                </li>
              ))}
            </ul>
            {total > rows.length ? (
              <p className="border-t border-line px-4 py-2 text-xs text-muted">
                The {rows.length} most requested of {total}; raise the threshold to narrow the list.
              </p>
            ) : null}
          </>
        )}
      </Card>
    </section>
  );
}
