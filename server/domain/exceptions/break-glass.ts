import type { ResolvedStage } from "@/server/domain/workflow/resolve-approvers";

const HOUR_MS = 3_600_000;

/** When the follow-up review of break-glass access granted at `grantedAt` is due. */
export function followUpDueAt(grantedAt: Date, withinHours: number): Date {
  return new Date(grantedAt.getTime() + withinHours * HOUR_MS);
}

/**
 * The review's stages: the workflow the policy routed the emergency to, its first stage due at
 * the follow-up deadline (its SLA is the policy's followUpReviewWithinHours), so the SLA sweep
 * reminds and escalates against that deadline.
 */
export function followUpStages(stages: ResolvedStage[], withinHours: number): ResolvedStage[] {
  return stages.map((s, i) => (i === 0 ? { ...s, slaHours: withinHours, reminderAfterHours: s.reminderAfterHours === null ? null : Math.min(s.reminderAfterHours, withinHours) } : s));
}

/** The review ticket's justification: what is reviewed, for which incident, and why it was asked. */
export function followUpJustification(parent: { reference: string; incidentId: string | null; justification: string }): string {
  const incident = parent.incidentId ? ` during incident ${parent.incidentId}` : "";
  return `Follow-up review of break-glass access ${parent.reference}${incident}, granted before review. Confirm the emergency use or deny it to remove the access at once. The requester wrote: ${parent.justification}`;
}
