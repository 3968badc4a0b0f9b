import { validatePolicyDocument, type PolicyDocument } from "./schema";

/**
 * The default policy document: version 1 of the access policy, as data. Rules are evaluated in
 * order and the first match decides; every ticket pins this version, the id of the rule that
 * matched and the reasons. People are named by e-mail so the document does not depend on
 * database ids.
 */
const SECURITY_REVIEWERS = [
  "victor.almeida@acme.example",
  "nadia.rahman@acme.example",
  "felix.wagner@acme.example",
  "adam.admin@acme.example",
];

const managerStage = { name: "Manager", approvers: { type: "subject_manager" }, quorum: 1, slaHours: 24, reminderAfterHours: 8, escalateTo: { type: "manager_of_approver" } };
const ownerStage = (slaHours: number) => ({ name: "Resource owner", approvers: { type: "resource_owner" }, quorum: 1, slaHours, reminderAfterHours: Math.floor(slaHours / 3), escalateTo: { type: "manager_of_approver" } });
const securityStage = (quorum: number, slaHours: number) => ({
  name: "Security review",
  approvers: { type: "group", group: "security-reviewers" },
  quorum,
  slaHours,
  reminderAfterHours: Math.max(1, Math.floor(slaHours / 4)),
  escalateTo: { type: "users", emails: ["victor.almeida@acme.example"] },
});

export const POLICY_V1_DOCUMENT = {
  schemaVersion: 1,
  name: "Acme access policy",
  description: "Who may get which access, for how long, decided by whom. Published by the IAM team.",
  riskScoring: {
    baseByEntitlementTier: { LOW: 10, MEDIUM: 35, HIGH: 60, CRITICAL: 80 },
    modifiers: [
      { id: "privileged", when: { privileged: true }, add: 10, reason: "privileged entitlement" },
      { id: "production", when: { environments: ["PRODUCTION"] }, add: 5, reason: "production system" },
      { id: "non-human", when: { subjectKinds: ["NHI"] }, add: 5, reason: "non-human identity" },
      { id: "exception", when: { kinds: ["EXCEPTION"] }, add: 10, reason: "exception to standard process" },
      { id: "privileged-scope", when: { scopePrivilegesAny: ["ALL", "ALTER", "DROP", "REPLICATION"] }, add: 5, reason: "scope can change or copy the whole database" },
      { id: "long-duration", when: { minRequestedHours: 4320 }, add: 5, reason: "requested for six months or more" },
    ],
    tiers: [
      { tier: "LOW", maxScore: 29 },
      { tier: "MEDIUM", maxScore: 54 },
      { tier: "HIGH", maxScore: 79 },
      { tier: "CRITICAL", maxScore: 100 },
    ],
  },
  ttlCapsHours: {
    humansByRiskTier: { LOW: 2160, MEDIUM: 2160, HIGH: 720, CRITICAL: 168 },
    nonHumansByRiskTier: { LOW: 4320, MEDIUM: 2160, HIGH: 2160, CRITICAL: 720 },
    byExceptionType: { EMERGENCY: 4, VENDOR: 8, AUTOMATION: 720 },
    permanentAllowedForTiers: ["LOW", "MEDIUM"],
    note: "The effective cap is the smallest of the entitlement's maxTtlHours, the tier cap, the exception cap and the pre-approved pattern's cap.",
  },
  preApprovedPatterns: [
    {
      id: "pa-eng-nonprod-read",
      description: "Read-only access to non-production data for Engineering, Platform and Data, up to 8 hours.",
      when: { kinds: ["GRANT"], subjectKinds: ["HUMAN"], departments: ["Engineering", "Platform", "Data"], environments: ["STAGING", "DEVELOPMENT"], scopePrivilegesWithin: ["SELECT"], privileged: false },
      maxTtlHours: 8,
    },
    {
      id: "pa-standard-tools",
      description: "Low-risk standard tools any employee may hold.",
      when: { kinds: ["GRANT"], subjectKinds: ["HUMAN"], entitlements: ["source-org:repo_read", "source-org:advisories_read", "servicedesk:viewer", "peoplehub:directory_read", "warehouse:marts_read"] },
      maxTtlHours: null,
    },
    {
      id: "pa-staging-workloads",
      description: "Staging application roles for workloads that have an owner and a backup owner.",
      when: { kinds: ["GRANT", "ROTATE"], subjectKinds: ["NHI"], environments: ["STAGING"], requireBackupOwner: true },
      maxTtlHours: 2160,
    },
  ],
  groups: {
    "security-reviewers": { description: "Security engineering and the IAM team.", members: SECURITY_REVIEWERS },
  },
  workflows: [
    { key: "manager-approval", name: "Manager approval", stages: [managerStage] },
    { key: "manager-and-owner", name: "Manager, then resource owner", stages: [managerStage, ownerStage(48)] },
    { key: "security-review", name: "Resource owner, then security review (two reviewers)", stages: [ownerStage(24), securityStage(2, 48)] },
    {
      key: "nhi-owner-and-resource-owner",
      name: "NHI owner, then resource owner",
      stages: [
        { name: "NHI owner", approvers: { type: "nhi_owner", whenRequesterIsOwner: "backup_owner" }, quorum: 1, slaHours: 48, reminderAfterHours: 16, escalateTo: { type: "manager_of_approver" } },
        ownerStage(48),
      ],
    },
    // Break-glass access is granted at once; this workflow decides its follow-up review afterwards.
    { key: "break-glass", name: "Break-glass: security reviews the access after it is granted", stages: [{ ...securityStage(1, 24), name: "Security follow-up review" }] },
    {
      key: "vendor-sponsor",
      name: "Vendor session: sponsor, then resource owner",
      stages: [
        { name: "Sponsor", approvers: { type: "sponsor" }, quorum: 1, slaHours: 8, reminderAfterHours: 2, escalateTo: { type: "manager_of_approver" } },
        ownerStage(8),
      ],
    },
    { key: "automation-onboarding", name: "Service onboarding: resource owner, then security", stages: [ownerStage(48), securityStage(1, 72)] },
  ],
  rules: [
    { id: "sod-toxic-pair", description: "Refuse access that completes a toxic combination.", when: { sodConflict: true }, then: { route: "REJECT" } },
    { id: "revoke-self-service", description: "Removing access never waits for approval.", when: { kinds: ["REVOKE"] }, then: { route: "AUTO_APPROVE" } },
    { id: "rotate-by-owner", description: "Owners rotate their identities' credentials without approval.", when: { kinds: ["ROTATE"], requesterIsOwner: true }, then: { route: "AUTO_APPROVE" } },
    { id: "emergency-break-glass", description: "Break-glass access during an incident.", when: { exceptionTypes: ["EMERGENCY"] }, then: { route: "WORKFLOW", workflow: "break-glass" } },
    { id: "vendor-session", description: "Time-boxed vendor support sessions.", when: { exceptionTypes: ["VENDOR"] }, then: { route: "WORKFLOW", workflow: "vendor-sponsor" } },
    { id: "automation-onboarding", description: "Onboarding of a new service identity.", when: { exceptionTypes: ["AUTOMATION"] }, then: { route: "WORKFLOW", workflow: "automation-onboarding" } },
    { id: "pre-approved", description: "Matches a pre-approved pattern.", when: { preApprovedPattern: true }, then: { route: "AUTO_APPROVE" } },
    { id: "critical-or-privileged", description: "Critical or privileged access needs a security review.", when: { anyOf: [{ minRiskTier: "CRITICAL" }, { privileged: true }] }, then: { route: "WORKFLOW", workflow: "security-review" } },
    { id: "nhi-high-risk", description: "High-risk NHI access: the owner is never the only approver.", when: { subjectKinds: ["NHI"], minRiskTier: "HIGH" }, then: { route: "WORKFLOW", workflow: "nhi-owner-and-resource-owner" } },
    { id: "high-risk", description: "High-risk access needs the manager and the resource owner.", when: { minRiskTier: "HIGH" }, then: { route: "WORKFLOW", workflow: "manager-and-owner" } },
    { id: "default", description: "Everything else: the manager decides.", when: {}, then: { route: "WORKFLOW", workflow: "manager-approval" } },
  ],
  separationOfDuties: {
    requesterMayApprove: false,
    subjectMayApprove: false,
    nhiOwnerSoleApproverMaxRiskTier: "MEDIUM",
    toxicPairs: [
      { id: "sod-payments-maker-checker", description: "Nobody both initiates and approves payments.", entitlements: ["payments-api:payments_initiate", "payments-api:payments_approve"] },
      { id: "sod-refunds", description: "Refund operators do not approve refunds.", entitlements: ["merchant-portal:refund_operator", "payments-api:refunds_approve"] },
      { id: "sod-payroll", description: "Payroll administrators do not release payouts.", entitlements: ["peoplehub:payroll_admin", "payments-api:payouts_release"] },
    ],
  },
  exceptionTypes: {
    EMERGENCY: { description: "Break-glass during an incident.", maxTtlHours: 4, requiredFields: ["incidentId"], followUpReviewWithinHours: 24, grantAtOnce: true, sessionLogging: "full", workflow: "break-glass" },
    VENDOR: { description: "Support session for an external vendor.", maxTtlHours: 8, requiredFields: ["sponsorId", "vendorWindowStart", "vendorWindowEnd"], sessionLogging: "full", workflow: "vendor-sponsor" },
    AUTOMATION: { description: "Onboarding a service identity before its standard entitlements exist.", maxTtlHours: 720, requiredFields: ["ownerId", "backupOwnerId", "workload", "dependencies", "rotationPeriodDays"], sessionLogging: "standard", workflow: "automation-onboarding" },
  },
  nonHumanIdentities: { ownerRequired: true, backupOwnerRequired: true, maxRotationPeriodDays: 180, rotationReminderDays: 14, rotateWhenDue: true },
  approvals: { undecidedExpiryHours: 168, delegationAllowed: true, maxDelegationDays: 30 },
  requests: {
    justification: { minLength: 30, refusedPhrases: ["need access", "please", "asap", "for work", "n/a", "test"], minDistinctWords: 5 },
    onBehalfOf: { managersForReports: true, sameDepartment: false },
    maxRequestedHours: 8760,
  },
} as const;

export const SECURITY_REVIEWER_EMAILS: readonly string[] = SECURITY_REVIEWERS;

let validated: PolicyDocument | null = null;

/** The default document as the engine reads it: validated, defaults applied, plain arrays; a fresh copy each call. */
export function defaultPolicyDocument(): PolicyDocument {
  if (!validated) {
    const result = validatePolicyDocument(JSON.parse(JSON.stringify(POLICY_V1_DOCUMENT)));
    if (!result.ok) {
      throw new Error(`default policy document is invalid: ${result.errors.map((e) => `${e.path} (${e.rule})`).join("; ")}`);
    }
    validated = result.document;
  }
  return structuredClone(validated);
}
