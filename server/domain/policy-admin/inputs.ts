import { z } from "zod";

/**
 * Inputs of the admin's policy procedures, shared by the forms and the API. A document travels
 * as parsed JSON and is judged by the policy validator, not here, so a draft that does not
 * validate yet can still be saved.
 */
export const policyDocumentInput = z.object({
  document: z.unknown().refine((value) => value !== undefined, "A policy document is required."),
  /** The draft's updatedAt when the editor loaded it; the save is refused if the draft changed since. */
  basedOn: z.coerce.date({ error: "basedOn must be the draft's updatedAt" }).optional(),
});
export type PolicyDocumentInput = z.input<typeof policyDocumentInput>;

export const publishPolicyInput = z.object({
  note: z.string().trim().min(3, "Say in a few words what this version changes.").max(500),
});
export type PublishPolicyInput = z.input<typeof publishPolicyInput>;

export const rollbackPolicyInput = z.object({
  version: z.number().int().min(1),
  note: z.string().trim().min(3, "Say why the policy is rolled back.").max(500),
});
export type RollbackPolicyInput = z.input<typeof rollbackPolicyInput>;

export const policyVersionInput = z.object({ id: z.string().uuid() });

export const exportPolicyInput = z.object({ version: z.number().int().min(1).optional() });
export type ExportPolicyInput = z.input<typeof exportPolicyInput>;

/** The text of an exported file, as the import form reads it. */
export const importPolicyInput = z.object({
  json: z.string().min(2, "Choose a policy file.").max(2_000_000, "A policy file is at most 2 MB."),
});
export type ImportPolicyInput = z.input<typeof importPolicyInput>;

export const simulateDraftInput = z.object({
  days: z.number().int().min(1).max(90).default(30),
});
export type SimulateDraftInput = z.input<typeof simulateDraftInput>;
