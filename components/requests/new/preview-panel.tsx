import type { RequestPreview } from "@/server/domain/requests/preview";
import { formatHours } from "../labels";
import { RiskBadge } from "../risk-badge";
import type { RiskTier } from "@/server/db/generated/enums";

/**
 * What the policy would decide for the form as it stands: the route (pre-approved pattern or a
 * named workflow with its approvers), risk and why, the TTL cap and any SoD conflict.
 */
export function PreviewPanel({ preview, pending, error, incomplete }: { preview: RequestPreview | undefined; pending: boolean; error: string | null; incomplete: boolean }) {
  return (
    <section aria-labelledby="preview-heading" aria-busy={pending} className="rounded-card border border-line bg-panel shadow-card">
      <header className="flex items-center justify-between gap-3 border-b border-line px-5 py-4">
        <div>
          <h2 id="preview-heading" className="text-sm font-semibold text-ink">
            Decision preview
          </h2>
          <p className="mt-0.5 text-xs text-muted">What the published policy decides for this request, before you submit.</p>
        </div>
        {pending ? (
          <span className="flex items-center gap-1.5 text-xs text-muted">
            <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-brand-500" />
            Updating
          </span>
        ) : null}
      </header>
      <div role="status" className="flex flex-col gap-4 px-5 py-4 text-sm">
        {error ? (
          <p className="text-red-800">{error}</p>
        ) : incomplete ? (
          <p className="text-muted">Choose the kind, who it is for and what access: the decision shows here as you fill in the form.</p>
        ) : !preview ? (
          <p className="text-muted">Asking the policy…</p>
        ) : !preview.decision ? (
          <p className="text-muted">The policy cannot decide yet: fix the fields marked in red.</p>
        ) : (
          <Decision preview={preview} decision={preview.decision} />
        )}
      </div>
    </section>
  );
}

function Decision({ preview, decision }: { preview: RequestPreview; decision: NonNullable<RequestPreview["decision"]> }) {
  return (
    <>
      <Route preview={preview} decision={decision} />
      <div className="flex flex-wrap items-center gap-2">
        <RiskBadge tier={decision.risk.tier as RiskTier} score={decision.risk.score} />
        <span className="text-xs text-muted">
          {decision.ttlCapHours === null ? "No TTL cap" : `TTL cap ${formatHours(decision.ttlCapHours)}`}
          {decision.expiryRequired ? " · expiry required" : ""}
        </span>
      </div>
      {decision.sodConflicts.length > 0 ? (
        <div className="rounded-lg bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">
          <p className="font-semibold">Separation-of-duties conflict</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {decision.sodConflicts.map((c) => (
              <li key={`${c.ruleId}-${c.held}`}>
                {c.description}: already holds <span className="font-mono">{c.held}</span>, asks for <span className="font-mono">{c.requested}</span> ({c.ruleId})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <p className="text-xs font-medium text-muted">Why</p>
        <ul className="mt-1 flex flex-col gap-1 text-xs text-ink">
          {decision.reasons.map((reason, index) => (
            <li key={`${reason.code}-${index}`} className="flex gap-1.5">
              <span aria-hidden="true" className="text-muted">
                •
              </span>
              {reason.message}
            </li>
          ))}
        </ul>
      </div>
      <p className="border-t border-line pt-3 text-[11px] text-muted">
        Policy v{decision.policy.version} · <span className="font-mono">{decision.policy.contentHash.slice(0, 12)}</span> · rule{" "}
        <span className="font-mono">{decision.rule.id}</span>
      </p>
    </>
  );
}

function Route({ preview, decision }: { preview: RequestPreview; decision: NonNullable<RequestPreview["decision"]> }) {
  if (decision.route === "AUTO_APPROVE") {
    const hours = preview.autoApprovedFor;
    return (
      <div className="rounded-lg bg-teal-50 px-3 py-2.5 text-teal-900 ring-1 ring-teal-200">
        <p className="font-semibold">
          Auto-approved under pattern <span className="font-mono">{decision.preApprovedPattern?.id ?? decision.rule.id}</span>
          {hours !== null ? ` for up to ${formatHours(hours)}` : " with no end date"}
        </p>
        {decision.preApprovedPattern?.description ? <p className="mt-0.5 text-xs">{decision.preApprovedPattern.description}</p> : null}
      </div>
    );
  }
  if (decision.route === "REJECT") {
    return (
      <div className="rounded-lg bg-red-50 px-3 py-2.5 text-red-800 ring-1 ring-red-200">
        <p className="font-semibold">Refused by rule {decision.rule.id}</p>
        {decision.rule.description ? <p className="mt-0.5 text-xs">{decision.rule.description}</p> : null}
      </div>
    );
  }
  const workflow = preview.workflow;
  return (
    <div className="flex flex-col gap-2">
      {decision.breakGlass ? (
        <div className="rounded-lg bg-amber-50 px-3 py-2.5 text-amber-900 ring-1 ring-amber-200">
          <p className="font-semibold">Granted at once under break-glass</p>
          <p className="mt-0.5 text-xs">Security reviews the use afterwards in a follow-up review ticket; if they deny it, the access is removed at once.</p>
        </div>
      ) : (
        <p className="rounded-lg bg-amber-50 px-3 py-2.5 font-semibold text-amber-900 ring-1 ring-amber-200">Goes to workflow {workflow?.name ?? decision.rule.id}</p>
      )}
      {workflow ? (
        <ol aria-label="Approval stages" className="flex flex-col gap-2">
          {workflow.stages.map((stage, index) => (
            <li key={`${stage.name}-${index}`} className="rounded-lg border border-line px-3 py-2">
              <p className="text-xs font-semibold text-ink">
                {index + 1}. {stage.name}
                <span className="font-normal text-muted">
                  {" "}
                  · {stage.quorum} approval{stage.quorum === 1 ? "" : "s"} · within {formatHours(stage.slaHours)}
                </span>
              </p>
              <p className="mt-0.5 text-xs text-ink">{stage.approvers.length > 0 ? stage.approvers.map((a) => a.name).join(", ") : "No eligible approver"}</p>
              {stage.note ? <p className="mt-0.5 text-[11px] text-muted">{stage.note}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
