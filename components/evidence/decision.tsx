import { formatDateTime } from "@/components/requests/labels";
import { ScopeBlock } from "@/components/requests/new/scope-diff";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CopyHash } from "./copy-hash";
import { words } from "./format";
import type { TicketEvidence } from "./types";

const OUTCOME: Record<string, string> = {
  APPROVE: "bg-green-50 text-green-800 ring-green-200",
  DENY: "bg-rose-50 text-rose-800 ring-rose-200",
  REQUEST_INFO: "bg-sky-50 text-sky-800 ring-sky-200",
};

const STAGE: Record<string, string> = {
  APPROVED: "text-green-700",
  DENIED: "text-rose-700",
  PENDING: "text-amber-700",
  INFO_REQUESTED: "text-sky-700",
};

/** Approval lineage: each stage in order and every decision on it, with whom it was decided for. */
export function EvidenceApprovals({ approvals }: { approvals: TicketEvidence["approvals"] }) {
  return (
    <Panel id="approvals" title="Approvals" description="Each stage of the approver path resolved at submit, and every decision on it.">
      {approvals.length === 0 ? (
        <div className="p-3">
          <EmptyState title="No approval stages">This ticket was decided by the policy alone, or never reached approval.</EmptyState>
        </div>
      ) : (
        <ol className="flex flex-col gap-3 p-3">
          {approvals.map((stage) => (
            <li key={stage.position} className="rounded-lg border border-line p-3 break-inside-avoid">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="text-sm font-semibold text-ink">
                  {stage.position + 1}. {stage.name}
                </p>
                <p className="text-xs text-muted">
                  quorum {stage.quorum} · <span className={`font-semibold ${STAGE[stage.status] ?? "text-muted"}`}>{words(stage.status)}</span>
                </p>
              </div>
              <p className="mt-0.5 text-xs text-muted">
                {stage.startedAt ? `Opened ${formatDateTime(stage.startedAt)}` : "Not opened"}
                {stage.completedAt ? ` · completed ${formatDateTime(stage.completedAt)}` : ""}
              </p>
              {stage.decisions.length === 0 ? (
                <p className="mt-2 text-xs text-muted">No decision recorded.</p>
              ) : (
                <ul className="mt-2 flex flex-col gap-2">
                  {stage.decisions.map((d) => (
                    <li key={d.id} className="rounded-md bg-surface p-2.5 ring-1 ring-line">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase ring-1 ring-inset ${OUTCOME[d.outcome] ?? ""}`}>{words(d.outcome)}</span>
                        <span className="text-sm font-medium text-ink">{d.approver.name}</span>
                        {d.onBehalfOf ? <span className="text-xs text-muted">on behalf of {d.onBehalfOf.name}</span> : null}
                        <span className="ml-auto text-xs text-muted">{formatDateTime(d.at)}</span>
                      </div>
                      {d.comment ? <p className="mt-1 text-sm text-ink">“{d.comment}”</p> : null}
                      {d.shortenedExpiresAt ? <p className="mt-1 text-xs font-medium text-amber-800">Shortened the expiry to {formatDateTime(d.shortenedExpiresAt)}</p> : null}
                      {d.narrowedScope ? (
                        <div className="mt-1">
                          <p className="mb-1 text-xs font-medium text-amber-800">Narrowed the scope to</p>
                          <ScopeBlock scope={d.narrowedScope} />
                        </div>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

/** The published policy version the ticket pinned, the rule that decided it and the reasons it gave. */
export function EvidencePolicy({ policy }: { policy: TicketEvidence["policy"] }) {
  if (policy.version === null) {
    return (
      <Panel id="policy" title="Policy decision">
        <div className="p-3">
          <EmptyState title="No policy decision">The ticket was never submitted, so no policy decided it.</EmptyState>
        </div>
      </Panel>
    );
  }
  const facts = [
    { label: "Policy version", value: `v${policy.version}` },
    { label: "Published", value: policy.publishedAt ? formatDateTime(policy.publishedAt) : "—" },
    { label: "Rule", value: policy.ruleId ?? "—" },
    { label: "Route", value: policy.route === "WORKFLOW" && policy.workflow ? `Workflow: ${policy.workflow.name}` : words(policy.route) },
    { label: "Risk", value: policy.riskScore !== null ? `${policy.riskScore} (${words(policy.riskTier)})` : "—" },
  ];
  return (
    <Panel id="policy" title="Policy decision" description="Replayable: the same version and rule decide the same request the same way.">
      <div className="flex flex-col gap-4 p-3">
        <dl className="grid gap-3 sm:grid-cols-2">
          {facts.map((f) => (
            <div key={f.label}>
              <dt className="text-xs text-muted">{f.label}</dt>
              <dd className="mt-0.5 text-sm text-ink">{f.value}</dd>
            </div>
          ))}
          <div className="sm:col-span-2">
            <dt className="text-xs text-muted">Content hash (SHA-256)</dt>
            <dd className="mt-0.5">{policy.contentHash ? <CopyHash hash={policy.contentHash} label="policy content hash" length={24} /> : "—"}</dd>
          </div>
        </dl>
        <div>
          <p className="text-xs text-muted">Reasons</p>
          {policy.reasons.length === 0 ? (
            <p className="mt-0.5 text-sm text-muted">No reasons recorded.</p>
          ) : (
            <ul className="mt-1 flex flex-col gap-1">
              {policy.reasons.map((r, i) => (
                <li key={i} className="flex gap-2 text-sm text-ink">
                  <code className="shrink-0 rounded bg-surface px-1 font-mono text-[11px] leading-5 text-muted ring-1 ring-line">{r.code || "—"}</code>
                  <span>{r.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Panel>
  );
}
