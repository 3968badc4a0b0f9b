import { formatDateTime } from "@/components/requests/labels";
import type { RouterOutputs } from "@/components/requests/router-types";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { badgeClass } from "../styles";
import { SuggestedPatternButton } from "./suggested-pattern-button";

type Suggestions = RouterOutputs["policy"]["suggestedPatterns"];

/**
 * The recurring-requests gap report for the people who can act on it: entitlements many
 * different people keep asking for, each with a one-click pre-approved pattern for the draft.
 */
export function SuggestedPatternsPanel({ suggestions }: { suggestions: Suggestions }) {
  const { params, rows, total } = suggestions;
  return (
    <section aria-labelledby="suggested-patterns-heading" className="mt-8">
      <Card className="overflow-hidden">
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-5 py-4">
          <div>
            <h2 id="suggested-patterns-heading" className="text-sm font-semibold text-ink">
              Suggested pre-approved patterns
            </h2>
            <p className="mt-0.5 max-w-3xl text-xs text-muted">
              Entitlements asked for by at least {params.minRequesters} different people within {params.withinDays} days (the auditors&apos; recurring-requests
              report). Drafting adds a pattern for people&apos;s GRANT requests, capped at the entitlement&apos;s own TTL, to the saved draft; nothing changes for
              requesters until you publish. Save your edits above first: saving an older copy of the draft would drop the pattern.
            </p>
          </div>
          <span className="text-xs text-muted">
            {total === 0 ? "None" : total > rows.length ? `The ${rows.length} most requested of ${total}` : `${total} suggestion${total === 1 ? "" : "s"}`}
          </span>
        </header>
        {rows.length === 0 ? (
          <div className="p-4">
            <EmptyState title="No recurring requests">
              No entitlement was asked for by {params.minRequesters} or more different people in the last {params.withinDays} days.
            </EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-line">
            {rows.map((row) => (
              <li key={row.entitlementId} className="flex flex-wrap items-start justify-between gap-4 px-5 py-3">
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
        )}
      </Card>
    </section>
  );
}
