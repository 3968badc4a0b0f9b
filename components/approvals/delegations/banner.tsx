import { EndDelegationButton } from "./end-button";
import type { DelegationView } from "./view";
import { formatDay, formatPeriod } from "./view";

/** What is in force today: whether I am away (and who decides for me), and whom I stand in for. */
export function DelegationBanner({ current, covering, next }: { current: DelegationView | null; covering: DelegationView[]; next: DelegationView | null }) {
  return (
    <div className="mb-6 flex flex-col gap-3">
      {current ? (
        <section aria-label="Current delegation" className="flex flex-wrap items-center justify-between gap-4 rounded-card border border-emerald-200 bg-emerald-50 px-5 py-4">
          <div className="flex items-start gap-3">
            <span aria-hidden="true" className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700 ring-1 ring-emerald-200">
              <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
                <path d="M4 12h12m0 0-4-4m4 4-4 4M20 5v14" />
              </svg>
            </span>
            <div>
              <p className="text-sm font-semibold text-emerald-900">
                You are out of office: {current.delegate.name} decides for you until {formatDay(new Date(new Date(current.endsAt).getTime() - 1).toISOString())}.
              </p>
              <p className="mt-0.5 text-sm text-emerald-800">
                New approvals for you go to {current.delegate.name} ({current.delegate.email}), who decides on your behalf.
                {current.reason ? ` Reason: ${current.reason}` : ""}
              </p>
            </div>
          </div>
          <EndDelegationButton delegation={current} variant="strong" />
        </section>
      ) : (
        <section aria-label="Current delegation" className="flex items-start gap-3 rounded-card border border-line bg-panel px-5 py-4 shadow-card">
          <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-slate-400" />
          <div>
            <p className="text-sm font-semibold text-ink">You are not delegating today: approvals come to you.</p>
            <p className="mt-0.5 text-sm text-muted">
              {next ? `Next: ${next.delegate.name} decides for you ${formatPeriod(next)}.` : "Going away? Name a colleague below for the days you are out."}
            </p>
          </div>
        </section>
      )}
      {covering.map((d) => (
        <section key={d.id} aria-label={`Covering for ${d.delegator.name}`} className="flex items-start gap-3 rounded-card border border-amber-200 bg-amber-50 px-5 py-3">
          <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-amber-500" />
          <p className="text-sm text-amber-900">
            <span className="font-semibold">You stand in for {d.delegator.name}</span> ({formatPeriod(d)}): their tickets are in your Approvals inbox, marked “on behalf of {d.delegator.name}”.
            {current ? ` While you are away they wait for you, not for ${current.delegate.name}: ask ${d.delegator.name} to name someone else.` : ""}
          </p>
        </section>
      ))}
    </div>
  );
}
