import type { buildPolicy } from "@/server/db/seed/policy";
import type { TicketRows } from "./lifecycle";
import type { Organisation } from "./org";
import { array, json, TableWriter, type SqlValue } from "./sql";
import { DAY } from "./time";

const TIME = new Set([
  "createdAt", "updatedAt", "expiresAt", "submittedAt", "decidedAt", "closedAt", "vendorWindowStart", "vendorWindowEnd", "followUpDueAt",
  "dueAt", "remindedAt", "escalatedAt", "startedAt", "completedAt", "grantedAt", "revokedAt", "lastVerifiedAt", "lastUsedAt", "notBefore",
  "notAfter", "verifiedAt", "publishedAt", "intendedUntil", "lastRotatedAt", "occurredAt",
]);
const JSON_COLUMNS = new Set(["scope", "approvedScope", "decisionReasons", "approverPath", "selector", "infoRequest", "observed", "connectorConfig", "document", "stages", "data"]);

function value(column: string, v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (TIME.has(column) && typeof v === "number") return new Date(v);
  if (JSON_COLUMNS.has(column)) return json(v);
  if (Array.isArray(v)) return array(v as string[]);
  return v as SqlValue;
}

class Table {
  readonly writer: TableWriter;
  constructor(name: string, readonly columns: string[], rowsPerStatement?: number) {
    this.writer = new TableWriter(name, columns, rowsPerStatement);
  }
  add(row: Record<string, unknown>): void {
    this.writer.add(this.columns.map((c) => value(c, row[c])));
  }
}

const cols = (s: string) => s.split(/\s+/).filter(Boolean);

export function tables() {
  return {
    User: new Table("User", cols("id email name roles department title managerId active createdAt updatedAt")),
    Identity: new Table("Identity", cols("id kind name displayName description status userId nhiType ownerId backupOwnerId workload environment dependencies credentialScope rotationPeriodDays createdAt updatedAt")),
    System: new Table("System", cols("id key name description connectorType connectorConfig ownerId riskTier environment createdAt updatedAt")),
    Entitlement: new Table("Entitlement", cols("id systemId key name description scope riskTier privileged maxTtlHours requestable createdAt updatedAt")),
    PolicyVersion: new Table("PolicyVersion", cols("id version contentHash document note publishedById publishedAt createdAt")),
    Workflow: new Table("Workflow", cols("id policyVersionId key name stages createdAt updatedAt")),
    AccessRequest: new Table(
      "AccessRequest",
      cols(`id number kind exceptionType status requesterId subjectId systemId entitlementId scope approvedScope justification expiresAt riskScore riskTier
        decisionRoute policyVersionId policyRuleId decisionReasons workflowId approverPath currentStage incidentId sponsorId vendorWindowStart vendorWindowEnd
        followUpDueAt parentRequestId failureReason submittedAt decidedAt closedAt createdAt updatedAt`),
      1_000,
    ),
    ApprovalStage: new Table("ApprovalStage", cols("id requestId position name selector quorum status slaHours dueAt escalationTarget remindedAt escalatedAt infoRequest startedAt completedAt createdAt updatedAt")),
    ApprovalAssignment: new Table("ApprovalAssignment", cols("id stageId requestId approverId onBehalfOfId status createdAt updatedAt")),
    ApprovalDecision: new Table("ApprovalDecision", cols("id stageId requestId approverId onBehalfOfId outcome comment createdAt updatedAt")),
    Grant: new Table("Grant", cols("id requestId identityId entitlementId type status connectorType externalRef scope grantedAt expiresAt revokedAt lastVerifiedAt createdAt updatedAt")),
    Secret: new Table("Secret", cols("id grantId identityId label fingerprint prefix algorithm version rotatedFromId expiresAt revokedAt lastUsedAt createdAt updatedAt")),
    Certificate: new Table("Certificate", cols("id grantId identityId serialNumber fingerprintSha256 subjectDn issuerDn pem notBefore notAfter revokedAt revocationReason createdAt updatedAt")),
    ClosureEvidence: new Table("ClosureEvidence", cols("id requestId grantId kind connectorType observed summary artefactSha256 attestedById verifiedAt createdAt updatedAt")),
    Comment: new Table("Comment", cols("id requestId authorId body createdAt updatedAt")),
    AuditEvent: new Table("AuditEvent", cols("id seq occurredAt actorType actorId action entityType entityId requestId data prevHash hash"), 2_000),
  };
}

export type Tables = ReturnType<typeof tables>;

/** The order in which tables are written: every foreign key points at a row already written. */
export const ORDER: (keyof Tables)[] = [
  "User", "Identity", "System", "Entitlement", "PolicyVersion", "Workflow", "AccessRequest", "ApprovalStage", "ApprovalAssignment",
  "ApprovalDecision", "Grant", "Secret", "Certificate", "ClosureEvidence", "Comment", "AuditEvent",
];


export function writeOrganisation(t: Tables, org: Organisation, policy: ReturnType<typeof buildPolicy>): void {
  for (const p of org.people) {
    t.User.add({ ...p, managerId: p.manager === null ? null : org.people[p.manager]!.id, updatedAt: p.createdAt });
  }
  for (const i of org.identities) {
    t.Identity.add({
      id: i.id,
      kind: i.kind,
      name: i.name,
      displayName: i.displayName,
      description: i.kind === "NHI" ? `${i.nhiType} used by ${i.workload}` : null,
      status: i.person !== null && !org.people[i.person]!.active ? "SUSPENDED" : "ACTIVE",
      userId: i.person === null ? null : org.people[i.person]!.id,
      nhiType: i.nhiType,
      ownerId: i.owner === null ? null : org.people[i.owner]!.id,
      backupOwnerId: i.backup === null ? null : org.people[i.backup]!.id,
      workload: i.workload,
      environment: i.environment,
      dependencies: i.dependencies,
      credentialScope: i.kind === "NHI" ? `${i.workload}:${i.environment?.toLowerCase()}` : null,
      rotationPeriodDays: i.rotationPeriodDays,
      createdAt: i.createdAt,
      updatedAt: i.createdAt,
    });
  }
  for (const s of org.systems) {
    t.System.add({ ...s, ownerId: org.people[s.owner]!.id, updatedAt: s.createdAt });
  }
  for (const e of org.entitlements) {
    const createdAt = e.system.createdAt + DAY;
    t.Entitlement.add({
      ...e,
      systemId: e.system.id,
      description: `${e.name} on ${e.system.name}; ${e.maxTtlHours === null ? "no time limit" : `at most ${e.maxTtlHours} h per grant`}.`,
      createdAt,
      updatedAt: createdAt,
    });
  }
  const v = policy.version;
  t.PolicyVersion.add({ ...v, publishedAt: (v.publishedAt as Date).getTime(), createdAt: (v.createdAt as Date).getTime() });
  for (const wf of policy.workflows) t.Workflow.add({ ...wf, createdAt: (wf.createdAt as Date).getTime(), updatedAt: (wf.updatedAt as Date).getTime() });
}

export function writeTicket(t: Tables, rows: TicketRows): void {
  t.AccessRequest.add(rows.request);
  for (const r of rows.stages) t.ApprovalStage.add(r);
  for (const r of rows.assignments) t.ApprovalAssignment.add(r);
  for (const r of rows.decisions) t.ApprovalDecision.add(r);
  for (const r of rows.grants) t.Grant.add(r);
  for (const r of rows.secrets) t.Secret.add(r);
  for (const r of rows.certificates) t.Certificate.add(r);
  for (const r of rows.evidence) t.ClosureEvidence.add(r);
  for (const r of rows.comments) t.Comment.add(r);
}

