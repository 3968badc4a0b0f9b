import { z } from "zod";

/** Inputs of the admin's catalogue procedures, shared by the forms and the API. */

const RISK_TIERS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
const ENVIRONMENTS = ["PRODUCTION", "STAGING", "DEVELOPMENT"] as const;
const CONNECTOR_TYPES = ["POSTGRES", "API_KEY", "CERTIFICATE_AUTHORITY", "WEBHOOK", "MANUAL"] as const;

/** Keys appear in policy documents as "systemKey:entitlementKey", so they keep to a safe alphabet. */
const catalogueKey = z
  .string()
  .trim()
  .min(2, "A key has at least 2 characters.")
  .max(64, "A key has at most 64 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Lowercase letters, digits, dots, dashes and underscores; starts with a letter or digit.");

const jsonObject = z.record(z.string(), z.unknown());
const optionalText = z.string().trim().max(2000).nullish().transform((value) => value || null);
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(25) };
const direction = z.enum(["asc", "desc"]).default("asc");

export const systemListInput = z.object({
  ...page,
  q: z.string().trim().max(100).optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  connectorType: z.enum(CONNECTOR_TYPES).optional(),
  sort: z.enum(["key", "name", "riskTier", "environment", "connectorType", "updatedAt"]).default("key"),
  direction,
});
export type SystemListInput = z.input<typeof systemListInput>;

export const saveSystemInput = z.object({
  /** Absent: create. Present: update that system (its key cannot change). */
  id: z.string().uuid().optional(),
  key: catalogueKey,
  name: z.string().trim().min(2, "A name has at least 2 characters.").max(120),
  description: optionalText,
  connectorType: z.enum(CONNECTOR_TYPES),
  connectorConfig: jsonObject.default({}),
  ownerId: z.string().uuid("Choose an owner."),
  riskTier: z.enum(RISK_TIERS),
  environment: z.enum(ENVIRONMENTS),
});
export type SaveSystemInput = z.input<typeof saveSystemInput>;

export const entitlementListInput = z.object({
  ...page,
  q: z.string().trim().max(100).optional(),
  systemId: z.string().uuid().optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  requestable: z.boolean().optional(),
  privileged: z.boolean().optional(),
  sort: z.enum(["key", "name", "system", "riskTier", "maxTtlHours", "updatedAt"]).default("system"),
  direction,
});
export type EntitlementListInput = z.input<typeof entitlementListInput>;

export const saveEntitlementInput = z.object({
  /** Absent: create. Present: update that entitlement (its system and key cannot change). */
  id: z.string().uuid().optional(),
  systemId: z.string().uuid("Choose a system."),
  key: catalogueKey,
  name: z.string().trim().min(2, "A name has at least 2 characters.").max(120),
  description: optionalText,
  /** The exact scope the connector grants, e.g. {"role": "payments_read", "privileges": ["SELECT"]}. */
  scope: jsonObject.refine((scope) => Object.keys(scope).length > 0, "The scope names exactly what is granted; it cannot be empty."),
  riskTier: z.enum(RISK_TIERS),
  privileged: z.boolean().default(false),
  maxTtlHours: z.number().int().min(1, "At least 1 hour.").max(8760, "At most 8760 hours (a year).").nullable().default(null),
  requestable: z.boolean().default(true),
});
export type SaveEntitlementInput = z.input<typeof saveEntitlementInput>;

export const ownerListInput = z.object({ q: z.string().trim().max(100).optional() });
export type OwnerListInput = z.input<typeof ownerListInput>;
