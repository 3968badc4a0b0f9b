import Link from "next/link";
import type { RouterOutputs } from "@/components/requests/router-types";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { EnvironmentBadge, IdentityStatusBadge, KindBadge } from "./badges";
import { nhiTypeLabel } from "./types";

type IdentityList = RouterOutputs["identities"]["list"];

const th = "px-4 py-2.5 font-semibold";

/** A plain GET form: the search lives in the URL, works without script and from the keyboard. */
export function IdentitySearch({ q, searchesAll }: { q: string; searchesAll: boolean }) {
  return (
    <form role="search" action="/identities" method="get" className="flex w-full max-w-md items-center gap-2">
      <label htmlFor="identity-q" className="sr-only">
        Search identities
      </label>
      <input
        id="identity-q"
        name="q"
        type="search"
        defaultValue={q}
        placeholder={searchesAll ? "Search every person and NHI by name" : "Filter by name"}
        className="min-w-0 flex-1 rounded-lg border border-line bg-panel px-3 py-2 text-sm text-ink shadow-card placeholder:text-muted focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/20"
      />
      <button type="submit" className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700">
        Search
      </button>
    </form>
  );
}

export function IdentityList({ list, q }: { list: IdentityList; q: string }) {
  if (list.items.length === 0) {
    return (
      <Card className="p-6">
        <EmptyState title={q ? `No identity matches “${q}”` : "No identities to show"}>
          {q ? "Try part of the name, or clear the search." : "You have no reports and own no non-human identities."}
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[44rem] text-left text-sm" aria-label="Identities">
          <thead className="border-b border-line bg-surface text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className={th}>Identity</th>
              <th scope="col" className={th}>Kind</th>
              <th scope="col" className={th}>Owner or department</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={`${th} text-right`}>Active grants</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {list.items.map((i) => (
              <tr key={i.id} className="hover:bg-surface/60">
                <td className="px-4 py-3">
                  <Link href={`/identities/${i.id}`} className="font-medium text-brand-700 hover:underline">
                    {i.displayName}
                  </Link>
                  <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted">
                    <span className="font-mono">{i.name}</span>
                    {i.relation ? <span className="rounded bg-brand-50 px-1 font-medium text-brand-700">{i.relation}</span> : null}
                  </div>
                </td>
                <td className="px-4 py-3">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <KindBadge kind={i.kind} label={i.kind === "NHI" ? nhiTypeLabel(i.nhiType) : "Person"} />
                    <EnvironmentBadge environment={i.environment} />
                  </div>
                </td>
                <td className="px-4 py-3 text-ink">{i.kind === "NHI" ? (i.owner ?? <span className="text-muted">No owner</span>) : (i.department ?? <span className="text-muted">External</span>)}</td>
                <td className="px-4 py-3">
                  <IdentityStatusBadge status={i.status} />
                </td>
                <td className="px-4 py-3 text-right tabular-nums text-ink">{i.activeGrants}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.total > list.items.length ? (
        <p className="border-t border-line px-4 py-2 text-xs text-muted">
          Showing {list.items.length} of {list.total}. Search by name to find the others.
        </p>
      ) : null}
    </Card>
  );
}
