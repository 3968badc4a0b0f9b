import { z } from "zod";

export const DELEGATION_REASON_MAX = 500;

/**
 * A delegation as the form and the procedure both take it: whole days, the last one included.
 * Days are calendar days in UTC, the zone the server keeps every date in.
 */
export const createDelegationInput = z.object({
  delegateId: z.uuid("Pick who decides for you while you are away."),
  startsOn: z.iso.date("Start date must be a date (YYYY-MM-DD)."),
  endsOn: z.iso.date("End date must be a date (YYYY-MM-DD)."),
  reason: z.string().trim().max(DELEGATION_REASON_MAX, `Reason must be at most ${DELEGATION_REASON_MAX} characters.`).optional(),
});
export type CreateDelegationInput = z.input<typeof createDelegationInput>;

export const endDelegationInput = z.object({ id: z.uuid("id must be a delegation id.") });
export type EndDelegationInput = z.input<typeof endDelegationInput>;

export const delegateCandidatesInput = z.object({ q: z.string().trim().max(100).optional() }).optional();
export type DelegateCandidatesInput = z.input<typeof delegateCandidatesInput>;
