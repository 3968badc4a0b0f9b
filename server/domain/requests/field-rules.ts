import { checkJustification } from "@/server/domain/policy/justification";
import type { PolicyDocument } from "@/server/domain/policy/schema";

/** A refusal of one input field, named so the form can show it next to the field. */
export interface Problem {
  field: string;
  rule: string;
  message: string;
}

const HOUR_MS = 3_600_000;
/** The form picks a time a little before it is sent: allow for that before calling it over a cap. */
export const CAP_TOLERANCE_HOURS = 5 / 60;

/** The policy's justification rule (shared with the policy simulation), as a field problem. */
export function justificationProblems(text: string, doc: PolicyDocument): Problem[] {
  const check = checkJustification(text, doc);
  return check.ok ? [] : [{ field: "justification", rule: check.rule, message: check.message }];
}

export function parseInstant(value: string | undefined): Date | null {
  return value ? new Date(value) : null;
}

/** Hours from now until `at`, unrounded (a cap of 8 h accepts exactly 8 h). */
export function hoursUntil(at: Date, now: Date): number {
  return (at.getTime() - now.getTime()) / HOUR_MS;
}

export function expiryInPastProblem(expiresAt: Date | null, now: Date): Problem | null {
  if (!expiresAt || expiresAt.getTime() > now.getTime()) return null;
  return { field: "expiresAt", rule: "in-future", message: "expiresAt must be in the future." };
}

export function expiryCapProblem(
  expiresAt: Date | null,
  now: Date,
  decision: { ttlCapHours: number | null; expiryRequired: boolean },
  capLabel: string,
): Problem | null {
  if (!expiresAt) {
    if (!decision.expiryRequired) return null;
    const cap = decision.ttlCapHours === null ? "" : ` (at most ${decision.ttlCapHours} hours from now)`;
    return { field: "expiresAt", rule: "required", message: `An expiry is required for this access${cap}: policy for ${capLabel}.` };
  }
  if (decision.ttlCapHours === null) return null;
  if (hoursUntil(expiresAt, now) > decision.ttlCapHours + CAP_TOLERANCE_HOURS) {
    return {
      field: "expiresAt",
      rule: "ttl-cap",
      message: `expiresAt must be at most ${decision.ttlCapHours} hours from now (policy cap for ${capLabel}).`,
    };
  }
  return null;
}
