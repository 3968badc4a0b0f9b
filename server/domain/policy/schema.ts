import { z } from "zod";
import { crossCheckPolicy, type PolicyValidationError } from "./cross-checks";

export type { PolicyValidationError } from "./cross-checks";

/**
 * The shape of a policy document. Structure and ranges live here; checks that relate one part
 * of the document to another (workflow and group references, unique ids, tier order, the
 * default rule) live in validate.ts, which is the only way a document should be accepted.
 */

export const RISK_TIERS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export const REQUEST_KINDS = ["GRANT", "MODIFY", "REVOKE", "ROTATE", "EXCEPTION"] as const;
export const EXCEPTION_TYPES = ["EMERGENCY", "VENDOR", "AUTOMATION"] as const;
export const IDENTITY_KINDS = ["HUMAN", "NHI"] as const;
export const ENVIRONMENTS = ["PRODUCTION", "STAGING", "DEVELOPMENT"] as const;
export const CONNECTOR_TYPES = ["POSTGRES", "API_KEY", "CERTIFICATE_AUTHORITY", "WEBHOOK", "MANUAL"] as const;
export const ROUTES = ["AUTO_APPROVE", "WORKFLOW", "REJECT"] as const;

const riskTier = z.enum(RISK_TIERS);
const hours = z.number().int().positive();
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");
const email = z.email();
const text = z.string().min(1);
/** "systemKey:entitlementKey"; the exact format is checked in validate.ts so the error names its rule. */
const entitlementRef = z.string().min(1);
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/**
 * A condition: every member present must hold (AND); `anyOf` holds when one of its conditions
 * does. An empty condition matches everything. Unknown members are refused, so a misspelt
 * condition never silently widens a rule.
 */
export const conditionSchema = z.strictObject({
  kinds: nonEmpty(z.enum(REQUEST_KINDS)).optional(),
  exceptionTypes: nonEmpty(z.enum(EXCEPTION_TYPES)).optional(),
  subjectKinds: nonEmpty(z.enum(IDENTITY_KINDS)).optional(),
  environments: nonEmpty(z.enum(ENVIRONMENTS)).optional(),
  connectorTypes: nonEmpty(z.enum(CONNECTOR_TYPES)).optional(),
  /** The subject's department (people only; an NHI never matches). */
  departments: nonEmpty(text).optional(),
  entitlements: nonEmpty(entitlementRef).optional(),
  systems: nonEmpty(text).optional(),
  /** Every privilege in the entitlement's scope.privileges is one of these (no privileges: no match). */
  scopePrivilegesWithin: nonEmpty(text).optional(),
  /** At least one privilege in the entitlement's scope.privileges is one of these. */
  scopePrivilegesAny: nonEmpty(text).optional(),
  privileged: z.boolean().optional(),
  minRiskTier: riskTier.optional(),
  maxRiskTier: riskTier.optional(),
  /** Requests with an end date at least this many hours away (a request without one never matches). */
  minRequestedHours: hours.optional(),
  /** Requests without an end date (true) or with one (false). */
  openEnded: z.boolean().optional(),
  requireBackupOwner: z.boolean().optional(),
  requesterIsOwner: z.boolean().optional(),
  sodConflict: z.boolean().optional(),
  preApprovedPattern: z.boolean().optional(),
  get anyOf() {
    return nonEmpty(conditionSchema).optional();
  },
});
export type PolicyCondition = z.infer<typeof conditionSchema>;

const modifierSchema = z.strictObject({
  id,
  when: conditionSchema,
  add: z.number().int().min(-100).max(100),
  reason: text,
});

const tierCaps = z.strictObject({ LOW: hours, MEDIUM: hours, HIGH: hours, CRITICAL: hours });

const patternSchema = z.strictObject({
  id,
  description: text,
  when: conditionSchema,
  /** null: the pattern sets no cap of its own. */
  maxTtlHours: hours.nullable(),
});

export const approverSelectorSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("subject_manager") }),
  z.strictObject({ type: z.literal("resource_owner") }),
  z.strictObject({ type: z.literal("sponsor") }),
  z.strictObject({ type: z.literal("manager_of_approver") }),
  z.strictObject({ type: z.literal("nhi_owner"), whenRequesterIsOwner: z.enum(["backup_owner"]).optional() }),
  z.strictObject({ type: z.literal("group"), group: text }),
  z.strictObject({ type: z.literal("users"), emails: nonEmpty(email) }),
  z.strictObject({ type: z.literal("department"), department: text }),
]);
export type ApproverSelector = z.infer<typeof approverSelectorSchema>;

const stageSchema = z.strictObject({
  name: text,
  approvers: approverSelectorSchema,
  quorum: z.number().int().min(1),
  slaHours: hours,
  reminderAfterHours: hours.optional(),
  escalateTo: approverSelectorSchema.optional(),
});
export type WorkflowStage = z.infer<typeof stageSchema>;

const workflowSchema = z.strictObject({
  key: id,
  name: text,
  stages: nonEmpty(stageSchema),
});

const ruleSchema = z.strictObject({
  id,
  description: text,
  when: conditionSchema,
  then: z.strictObject({ route: z.enum(ROUTES), workflow: id.optional() }),
});
export type PolicyRule = z.infer<typeof ruleSchema>;

const exceptionTypeSchema = z.strictObject({
  description: text,
  maxTtlHours: hours,
  requiredFields: z.array(text),
  followUpReviewWithinHours: hours.optional(),
  /**
   * Break-glass: access is granted at once, before anyone reviews it, and a follow-up review
   * ticket (due within followUpReviewWithinHours, which must then be set) confirms or removes it.
   */
  grantAtOnce: z.boolean().default(false),
  sessionLogging: z.enum(["standard", "full"]),
  workflow: id,
});

const REFUSED_PHRASES = ["need access", "please", "asap", "for work", "n/a", "test"];

const requestsSchema = z.strictObject({
  justification: z
    .strictObject({
      minLength: z.number().int().min(1).default(30),
      /** Filler: a justification made only of these phrases is refused. */
      refusedPhrases: z.array(text).default(() => [...REFUSED_PHRASES]),
      minDistinctWords: z.number().int().min(1).default(5),
    })
    .prefault({}),
  onBehalfOf: z
    .strictObject({
      /** A manager may request for people who report to them. */
      managersForReports: z.boolean().default(true),
      /** Anyone may request for a person of their own department. */
      sameDepartment: z.boolean().default(false),
    })
    .prefault({}),
  maxRequestedHours: hours.default(8760),
});

export const policyDocumentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  name: text,
  description: z.string(),
  riskScoring: z.strictObject({
    baseByEntitlementTier: z.strictObject({
      LOW: z.number().int().min(0).max(100),
      MEDIUM: z.number().int().min(0).max(100),
      HIGH: z.number().int().min(0).max(100),
      CRITICAL: z.number().int().min(0).max(100),
    }),
    modifiers: z.array(modifierSchema),
    tiers: nonEmpty(z.strictObject({ tier: riskTier, maxScore: z.number().int().min(0).max(100) })),
  }),
  ttlCapsHours: z.strictObject({
    humansByRiskTier: tierCaps,
    nonHumansByRiskTier: tierCaps,
    byExceptionType: z.strictObject({ EMERGENCY: hours, VENDOR: hours, AUTOMATION: hours }),
    /** Tiers for which a person may hold access without an end date (never NHIs, never exceptions). */
    permanentAllowedForTiers: z.array(riskTier),
    note: z.string().optional(),
  }),
  preApprovedPatterns: z.array(patternSchema),
  groups: z.record(id, z.strictObject({ description: z.string(), members: nonEmpty(email) })),
  workflows: nonEmpty(workflowSchema),
  rules: nonEmpty(ruleSchema),
  separationOfDuties: z.strictObject({
    requesterMayApprove: z.boolean(),
    subjectMayApprove: z.boolean(),
    /** Above this tier an NHI's owner is never the only approver of that NHI's access. */
    nhiOwnerSoleApproverMaxRiskTier: riskTier,
    toxicPairs: z.array(
      z.strictObject({ id, description: text, entitlements: z.tuple([entitlementRef, entitlementRef]) }),
    ),
  }),
  exceptionTypes: z.strictObject({
    EMERGENCY: exceptionTypeSchema,
    VENDOR: exceptionTypeSchema,
    AUTOMATION: exceptionTypeSchema,
  }),
  nonHumanIdentities: z.strictObject({
    ownerRequired: z.boolean(),
    backupOwnerRequired: z.boolean(),
    maxRotationPeriodDays: z.number().int().positive(),
    rotationReminderDays: z.number().int().positive(),
    /** A secret or certificate older than its NHI's rotation period is rotated: the portal files the ROTATE ticket for the owner. */
    rotateWhenDue: z.boolean().default(false),
  }),
  approvals: z.strictObject({
    undecidedExpiryHours: hours,
    delegationAllowed: z.boolean(),
    maxDelegationDays: z.number().int().positive(),
  }),
  requests: requestsSchema.prefault({}),
});

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
/** What an author may write: sections with defaults may be left out. */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

export type PolicyValidationResult =
  | { ok: true; document: PolicyDocument }
  | { ok: false; errors: PolicyValidationError[] };

/**
 * The one way a document is accepted: its shape (zod), then the references between its parts.
 * Every error names the path ("rules[3].then.workflow") and the rule it breaks.
 */
export function validatePolicyDocument(input: unknown): PolicyValidationResult {
  const parsed = policyDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        rule: issue.code,
        message: issue.message,
      })),
    };
  }
  const errors = crossCheckPolicy(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, document: parsed.data };
}

/** ["rules", 3, "then", "workflow"] -> "rules[3].then.workflow". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += (out ? "." : "") + String(segment);
  }
  return out;
}
