import { z } from "zod";
import { Environment, NhiType } from "@/server/db/generated/enums";

/**
 * The request form's shape, shared by the form and the procedures. It checks structure only:
 * what the policy decides (justification length, required exception fields, expiry caps) is
 * checked by the domain, so the preview can show it and the submit refuses it with the field.
 */
const id = (what: string) => z.string().trim().min(1, `Choose ${what}`).max(100);
const isoDateTime = z.iso.datetime({ offset: true, message: "Use an ISO date and time, like 2026-12-01T17:00:00Z" });
const justification = z.string().max(4000, "Keep the justification under 4,000 characters");
const idempotencyKey = z.uuid({ message: "idempotencyKey must be a UUID" });

export const scopeSchema = z.record(z.string(), z.unknown());

const grantSchema = z.object({
  kind: z.literal("GRANT"),
  entitlementId: id("an entitlement"),
  subjectId: id("who the access is for"),
  justification,
  expiresAt: isoDateTime.optional(),
  idempotencyKey,
});

const modifySchema = z.object({
  kind: z.literal("MODIFY"),
  grantId: id("the grant to change"),
  /** A different entitlement of the same system; omitted keeps the grant's entitlement. */
  entitlementId: id("an entitlement").optional(),
  /** The new scope: a narrower or different scope of the same entitlement. */
  newScope: scopeSchema.optional(),
  justification,
  expiresAt: isoDateTime.optional(),
  idempotencyKey,
});

const revokeSchema = z.object({
  kind: z.literal("REVOKE"),
  grantId: id("the grant to remove"),
  justification,
  idempotencyKey,
});

const rotateSchema = z.object({
  kind: z.literal("ROTATE"),
  grantId: id("the secret or certificate to rotate"),
  justification,
  idempotencyKey,
});

export const newNhiSchema = z.object({
  name: z
    .string()
    .trim()
    .min(3, "Use at least 3 characters")
    .max(80)
    .regex(/^[a-z][a-z0-9-]*$/, "Use lowercase letters, digits and dashes, starting with a letter"),
  displayName: z.string().trim().min(3, "Use at least 3 characters").max(120),
  nhiType: z.enum(NhiType),
  ownerId: id("an owner"),
  backupOwnerId: id("a backup owner"),
  workload: z.string().trim().min(3, "Name the workload or system that uses the identity").max(200),
  environment: z.enum(Environment),
  dependencies: z.array(z.string().trim().min(1).max(120)).max(30),
  credentialScope: z.string().trim().min(3, "Describe the secret or certificate scope").max(500),
  rotationPeriodDays: z.number().int().min(1, "Rotate at least once a year").max(365, "Rotate at least once a year"),
  intendedUntil: isoDateTime,
});
export type NewNhiInput = z.infer<typeof newNhiSchema>;

const exceptionSchema = z.object({
  kind: z.literal("EXCEPTION"),
  exceptionType: z.enum(["EMERGENCY", "VENDOR", "AUTOMATION"]),
  entitlementId: id("an entitlement"),
  /** Required, except for an AUTOMATION request that registers a new NHI. */
  subjectId: id("who the access is for").optional(),
  justification,
  expiresAt: isoDateTime.optional(),
  /** EMERGENCY */
  incidentId: z.string().trim().max(100).optional(),
  /** VENDOR */
  sponsorId: z.string().trim().max(100).optional(),
  vendorWindowStart: isoDateTime.optional(),
  vendorWindowEnd: isoDateTime.optional(),
  /** AUTOMATION: registers this identity in the same transaction as the ticket. */
  newNhi: newNhiSchema.optional(),
  idempotencyKey,
});

export const requestInputSchema = z.discriminatedUnion("kind", [
  grantSchema,
  modifySchema,
  revokeSchema,
  rotateSchema,
  exceptionSchema,
]);

export type RequestInput = z.infer<typeof requestInputSchema>;
export type GrantInput = z.infer<typeof grantSchema>;
export type ModifyInput = z.infer<typeof modifySchema>;
export type RevokeInput = z.infer<typeof revokeSchema>;
export type RotateInput = z.infer<typeof rotateSchema>;
export type ExceptionInput = z.infer<typeof exceptionSchema>;

/** The number of a ticket as the UI shows it ("AR-000123") or as a plain number. */
export const ticketNumberSchema = z.union([z.number().int().positive(), z.string().trim().min(1).max(20)]);

export const ticketRefSchema = z.object({ number: ticketNumberSchema });

export const cancelInputSchema = z.object({
  number: ticketNumberSchema,
  reason: z.string().trim().max(1000).optional(),
});

export const commentInputSchema = z.object({
  number: ticketNumberSchema,
  body: z.string().trim().min(1, "Write a comment").max(4000, "Keep comments under 4,000 characters"),
});

export const answerInfoInputSchema = z.object({
  number: ticketNumberSchema,
  answer: z.string().trim().min(1, "Write your answer to the approver's question").max(4000, "Keep the answer under 4,000 characters"),
});

export const renewInputSchema = z.object({
  number: ticketNumberSchema,
  justification,
  expiresAt: isoDateTime,
  idempotencyKey,
});

export const REQUEST_SORTS = ["number", "createdAt", "updatedAt", "status", "expiresAt"] as const;

export const myRequestsInputSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  sort: z.enum(REQUEST_SORTS).default("updatedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  status: z.array(z.enum(["DRAFT", "SUBMITTED", "PENDING_APPROVAL", "AUTO_APPROVED", "APPROVED", "FULFILLING", "ACTIVE", "REVOKING", "CLOSED", "FAILED", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED"])).max(13).default([]),
  kind: z.array(z.enum(["GRANT", "MODIFY", "REVOKE", "ROTATE", "EXCEPTION", "REVIEW"])).max(6).default([]),
  q: z.string().trim().max(200).default(""),
  /** Only tickets still on their way (the dashboard panel). */
  openOnly: z.boolean().default(false),
});
export type MyRequestsInput = z.input<typeof myRequestsInputSchema>;

export const activeGrantsInputSchema = z.object({ subjectId: id("who the access is for") });
