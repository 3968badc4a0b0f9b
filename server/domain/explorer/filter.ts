import { z } from "zod";
import { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/enums";
import { CONTROLS, type ControlId } from "@/server/domain/controls/catalogue";

const CONTROL_IDS = CONTROLS.map((c) => c.id) as [ControlId, ...ControlId[]];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const optionalId = (field: string) => z.uuid({ error: `${field} must be the id of a record from the list` }).optional();

/** A calendar day as YYYY-MM-DD (UTC), and a real day: 2026-02-30 is refused. */
const day = (field: string) =>
  z
    .string({ error: `${field} must be a date as YYYY-MM-DD` })
    .regex(ISO_DATE, { error: `${field} must be a date as YYYY-MM-DD`, abort: true })
    .refine((value) => realDay(value), { error: `${field} must be a real calendar date` })
    .optional();

/**
 * What the evidence explorer searches by. Every field is optional; set fields narrow the result
 * together (AND). The same filter, with the viewer, is what an evidence pack of a search exports.
 */
export const explorerFilterSchema = z
  .object({
    /** Words in the justification, scope, comments or approvers' comments; or a ticket number. */
    q: z.string({ error: "q must be text" }).trim().max(200, { error: "q must be at most 200 characters" }).optional(),
    /** The ticket's subject: a person's identity or an NHI. */
    identityId: optionalId("identityId"),
    systemId: optionalId("systemId"),
    entitlementId: optionalId("entitlementId"),
    requesterId: optionalId("requesterId"),
    /** Anyone who recorded a decision on the ticket, or on whose behalf one was recorded. */
    approverId: optionalId("approverId"),
    status: z.array(z.enum(RequestStatus, { error: "status must be ticket statuses" })).max(13).optional(),
    kind: z.array(z.enum(RequestKind, { error: "kind must be ticket kinds" })).max(6).optional(),
    exceptionType: z.array(z.enum(ExceptionType, { error: "exceptionType must be exception types" })).max(3).optional(),
    /** The published policy version's number (1, 2, ...), not its id. */
    policyVersion: z
      .number({ error: "policyVersion must be a whole number" })
      .int({ error: "policyVersion must be a whole number" })
      .min(1, { error: "policyVersion must be 1 or more" })
      .optional(),
    /** Created on or after this day (UTC). */
    from: day("from"),
    /** Created on or before this day (UTC), the whole day included. */
    to: day("to"),
    control: z.enum(CONTROL_IDS, { error: "control must be one of the controls in the catalogue" }).optional(),
  })
  .refine((f) => !f.from || !f.to || f.to >= f.from, { error: "to must be on or after from", path: ["to"] });

export type ExplorerFilter = z.output<typeof explorerFilterSchema>;
export type ExplorerFilterInput = z.input<typeof explorerFilterSchema>;

export const EXPLORER_SORTS = ["createdAt", "number", "status"] as const;
export type ExplorerSort = (typeof EXPLORER_SORTS)[number];

/** One page of a search: the filter, the page and its order. */
export const explorerSearchInputSchema = z.object({
  filter: explorerFilterSchema.default({}),
  page: z.number({ error: "page must be a whole number" }).int({ error: "page must be a whole number" }).min(1, { error: "page must be 1 or more" }).default(1),
  pageSize: z
    .number({ error: "pageSize must be a whole number" })
    .int({ error: "pageSize must be a whole number" })
    .min(1, { error: "pageSize must be between 1 and 100" })
    .max(100, { error: "pageSize must be between 1 and 100" })
    .default(25),
  sort: z.enum(EXPLORER_SORTS, { error: "sort must be createdAt, number or status" }).default("createdAt"),
  dir: z.enum(["asc", "desc"], { error: "dir must be asc or desc" }).default("desc"),
});
export type ExplorerSearchInput = z.input<typeof explorerSearchInputSchema>;

/** The filter without empty values: what the URL and an evidence pack's manifest record. */
export function compactFilter(filter: ExplorerFilter): ExplorerFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as ExplorerFilter;
}
