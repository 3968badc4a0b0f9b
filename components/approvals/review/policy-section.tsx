import { formatHours } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { Review } from "./types";

const ROUTE_TEXT = { AUTO_APPROVE: "Auto-approved", WORKFLOW: "Routed to a workflow", REJECT: "Refused by the policy" } as const;

/** Risk meter: the score on a 0–100 bar, so the tier's place reads at a glance. */
function RiskMeter({ score }: { score: number }) {
  const tone = score >= 80 ? "bg-red-500" : score >= 55 ? "bg-orange-500" : score >= 30 ? "bg-amber-400" : "bg-emerald-500";
  return (
    <div className="flex items-center gap-2" aria-hidden="true">
      <div className="h-1.5 w-28 overflow-hidden rounded-full bg-slate-100">
        <div className={`h-full ${tone}`} style={{ width: `${Math.min(100, Math.max(2, score))}%` }} />
      </div>
      <span className="font-mono text-[11px] text-muted">{score}/100</span>
    </div>
  );
}

export function PolicySection({ review }: { review: Review }) {
  const p = review.policy;
  return (
    <Panel id="policy" title="Policy decision" description="Pinned to the policy version that decided it, with the reasons it gave.">
      {!p ? (
        <EmptyState title="Not decided by the policy yet" />
      ) : (
        <div className="flex flex-col gap-3 p-3 text-sm">
          <div className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_auto]">
            <div>
              <p className="font-semibold text-ink">
                {ROUTE_TEXT[p.route]}
                {p.workflow ? `: ${p.workflow.name}` : ""}
              </p>
              <p className="mt-0.5 text-xs text-muted">
                Rule <span className="font-mono">{p.ruleId ?? "—"}</span>
                {p.ruleDescription ? ` — ${p.ruleDescription}` : ""}
              </p>
            </div>
            <div className="flex flex-col items-start gap-1 sm:items-end">
              <RiskBadge tier={p.riskTier} score={p.riskScore} />
              {p.riskScore !== null ? <RiskMeter score={p.riskScore} /> : null}
            </div>
          </div>
          {p.reasons.length > 0 ? (
            <ul aria-label="Reasons" className="flex flex-col gap-1">
              {p.reasons.map((r, i) => (
                <li key={i} className="flex gap-2 text-xs text-ink">
                  <span aria-hidden="true" className="mt-1.5 size-1.5 shrink-0 rounded-full bg-brand-500" />
                  <span>
                    {r.message}
                    {r.code ? <span className="ml-1.5 font-mono text-[10px] text-muted">{r.code}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <dl className="grid gap-3 border-t border-line pt-3 text-xs sm:grid-cols-3">
            <div>
              <dt className="text-muted">Policy version</dt>
              <dd className="mt-0.5 text-ink">
                v{p.version ?? "?"} <span className="font-mono text-muted" title={p.contentHash ?? undefined}>{p.contentHash?.slice(0, 12) ?? "—"}</span>
              </dd>
            </div>
            <div>
              <dt className="text-muted">Longest allowed</dt>
              <dd className="mt-0.5 text-ink">{p.ttlCapHours ? formatHours(p.ttlCapHours) : "No cap recorded"}</dd>
            </div>
            <div>
              <dt className="text-muted">Risk score</dt>
              <dd className="mt-0.5 text-ink">{p.riskScore ?? "—"}</dd>
            </div>
          </dl>
        </div>
      )}
    </Panel>
  );
}
