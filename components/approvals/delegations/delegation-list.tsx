import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { EndDelegationButton } from "./end-button";
import { DelegationStatusBadge } from "./status-badge";
import type { DelegationView } from "./view";
import { formatPeriod } from "./view";

/** Delegations I gave (with End now) or received, current and upcoming first. */
export function DelegationList({ id, title, description, rows, side, empty }: { id: string; title: string; description: string; rows: DelegationView[]; side: "given" | "received"; empty: string }) {
  return (
    <Panel id={id} title={title} description={description}>
      {rows.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <ul className="divide-y divide-line" aria-labelledby={`${id}-heading`}>
          {rows.map((d) => {
            const other = side === "given" ? d.delegate : d.delegator;
            const endable = side === "given" && (d.status === "active" || d.status === "upcoming");
            return (
              <li key={d.id} data-delegation={d.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-3">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <p className="text-sm font-medium text-ink">{side === "given" ? `To ${other.name}` : `From ${other.name}`}</p>
                    <DelegationStatusBadge status={d.status} />
                  </div>
                  <p className="mt-0.5 text-sm text-muted">{formatPeriod(d)}</p>
                  {d.reason ? <p className="mt-0.5 truncate text-xs text-muted">{d.reason}</p> : null}
                </div>
                {endable ? <EndDelegationButton delegation={d} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
