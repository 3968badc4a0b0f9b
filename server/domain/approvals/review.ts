import { z } from "zod";
import type { Prisma, PrismaClient, RiskTier } from "@/server/db/generated/client";
import { requestTitle } from "@/server/domain/dashboard/summaries";
import { ticketNumberSchema } from "@/server/domain/requests/input";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { readDecisionReasons } from "@/server/domain/requests/ticket-dto";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { activeGrantsOf, compareScope, nhiOwnerNotes, reviewHistory, sodFindings } from "./review-context";
import { canDecide, openInfoRequest, pathStageSelect, toPathStages } from "./review-path";

export type { CanDecide, InfoRequest, PathStage, StageSla } from "./review-path";
export type { ReviewHistory, ScopeComparison, SodFinding } from "./review-context";

export const reviewInput = z.object({ number: ticketNumberSchema });
export type ReviewInput = z.infer<typeof reviewInput>;

const personSelect = {
  id: true,
  name: true,
  email: true,
  department: true,
  title: true,
  active: true,
  manager: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.UserSelect;
const ownerSelect = { select: { id: true, name: true, email: true, active: true } } as const;

const reviewSelect = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  scope: true,
  approvedScope: true,
  justification: true,
  expiresAt: true,
  riskScore: true,
  riskTier: true,
  decisionRoute: true,
  policyRuleId: true,
  decisionReasons: true,
  incidentId: true,
  vendorWindowStart: true,
  vendorWindowEnd: true,
  followUpDueAt: true,
  createdAt: true,
  submittedAt: true,
  decidedAt: true,
  updatedAt: true,
  requesterId: true,
  subjectId: true,
  systemId: true,
  entitlementId: true,
  requester: { select: personSelect },
  sponsor: { select: { id: true, name: true, email: true } },
  subject: {
    select: {
      id: true,
      kind: true,
      name: true,
      displayName: true,
      description: true,
      status: true,
      nhiType: true,
      workload: true,
      environment: true,
      dependencies: true,
      credentialScope: true,
      rotationPeriodDays: true,
      intendedUntil: true,
      lastRotatedAt: true,
      ownerId: true,
      backupOwnerId: true,
      user: { select: personSelect },
      owner: ownerSelect,
      backupOwner: ownerSelect,
    },
  },
  system: { select: { key: true, name: true, environment: true, riskTier: true, connectorType: true, owner: { select: { id: true, name: true, email: true } } } },
  entitlement: { select: { key: true, name: true, description: true, riskTier: true, privileged: true, maxTtlHours: true } },
  policyVersion: { select: { version: true, contentHash: true, document: true } },
  workflow: { select: { key: true, name: true } },
  stages: { orderBy: { position: "asc" }, select: pathStageSelect },
} as const satisfies Prisma.AccessRequestSelect;

type Row = Prisma.AccessRequestGetPayload<{ select: typeof reviewSelect }>;
type PersonRow = NonNullable<Row["subject"]["user"]>;

const DAY = 86_400_000;

function person(p: PersonRow) {
  return { id: p.id, name: p.name, email: p.email, department: p.department, title: p.title, active: p.active, manager: p.manager };
}

function nhiOf(s: Row["subject"], now: Date) {
  if (s.kind !== "NHI") return null;
  const rotationDueAt = s.rotationPeriodDays && s.lastRotatedAt ? new Date(s.lastRotatedAt.getTime() + s.rotationPeriodDays * DAY) : null;
  const warnings = [
    s.status !== "ACTIVE" ? `The identity is ${s.status.toLowerCase()}.` : null,
    !s.owner ? "The identity has no owner." : !s.owner.active ? `The owner, ${s.owner.name}, is no longer active.` : null,
    !s.backupOwner ? "The identity has no backup owner." : !s.backupOwner.active ? `The backup owner, ${s.backupOwner.name}, is no longer active.` : null,
    rotationDueAt && rotationDueAt < now ? "The credential is overdue for rotation." : null,
  ].filter((w): w is string => w !== null);
  return {
    type: s.nhiType,
    status: s.status,
    description: s.description,
    owner: s.owner,
    backupOwner: s.backupOwner,
    workload: s.workload,
    environment: s.environment,
    dependencies: s.dependencies,
    credentialScope: s.credentialScope,
    rotationPeriodDays: s.rotationPeriodDays,
    lastRotatedAt: s.lastRotatedAt,
    rotationDueAt,
    intendedUntil: s.intendedUntil,
    warnings,
  };
}

/** The decision's TTL cap: recorded with the decision, or (older tickets) in the words of its TTL_CAP reason. */
function ttlCapOf(stored: Prisma.JsonValue, reasons: { code: string; message: string }[]): number | null {
  const decision = stored && typeof stored === "object" && !Array.isArray(stored) ? stored.decision : null;
  const cap = decision && typeof decision === "object" && !Array.isArray(decision) ? decision.ttlCapHours : null;
  if (typeof cap === "number") return cap;
  const said = reasons.find((r) => r.code === "TTL_CAP")?.message.match(/at most (\d+) h\b/);
  return said ? Number(said[1]) : null;
}

const TIERS = new Set<string>(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);

/** The pinned version's delegation switch and NHI-owner limit, read as the decision reads them. */
function approvalSettings(document: Prisma.JsonValue | null): { delegationAllowed: boolean; nhiOwnerSoleApproverMaxRiskTier: RiskTier } {
  const doc = document && typeof document === "object" && !Array.isArray(document) ? document : {};
  const approvals = doc.approvals && typeof doc.approvals === "object" && !Array.isArray(doc.approvals) ? doc.approvals : {};
  const sod = doc.separationOfDuties && typeof doc.separationOfDuties === "object" && !Array.isArray(doc.separationOfDuties) ? doc.separationOfDuties : {};
  const tier = sod.nhiOwnerSoleApproverMaxRiskTier;
  return { delegationAllowed: approvals.delegationAllowed === true, nhiOwnerSoleApproverMaxRiskTier: typeof tier === "string" && TIERS.has(tier) ? (tier as RiskTier) : "MEDIUM" };
}

function ruleDescription(document: Prisma.JsonValue | null, ruleId: string | null): string | null {
  const rules = document && typeof document === "object" && !Array.isArray(document) ? document.rules : null;
  if (!ruleId || !Array.isArray(rules)) return null;
  const rule = rules.find((r) => r && typeof r === "object" && !Array.isArray(r) && r.id === ruleId) as { description?: unknown } | undefined;
  return typeof rule?.description === "string" ? rule.description : null;
}

/**
 * Everything an approver needs to decide one ticket: what is asked and for whom, how it compares
 * with the access held now, the policy's decision and SoD findings, history, the approval path
 * with every decision, and whether the viewer may decide it (and why not).
 *
 * Readable by whoever may read the ticket, and by a delegate of one of its open assignees.
 */
export async function reviewTicket(db: PrismaClient, actor: Viewer, input: ReviewInput, now: Date = new Date()) {
  const number = ticketNumber(input.number);
  const row = await db.accessRequest.findFirst({ where: { AND: [{ number }, visibleTicketWhere(actor, now)] }, select: reviewSelect });
  if (!row) throw notFound();

  const document = row.policyVersion?.document ?? null;
  const reasons = readDecisionReasons(row.decisionReasons);
  const facts = {
    id: row.id,
    kind: row.kind,
    scope: row.scope,
    subjectId: row.subjectId,
    systemId: row.systemId,
    entitlementId: row.entitlementId,
    entitlementRef: row.system && row.entitlement ? `${row.system.key}:${row.entitlement.key}` : null,
  };
  const [grants, history, info] = await Promise.all([activeGrantsOf(db, facts), reviewHistory(db, facts, now), openInfoRequest(db, row.stages)]);
  const settings = approvalSettings(document);
  const subject = { userId: row.subject.user?.id ?? null, kind: row.subject.kind, ownerId: row.subject.ownerId, backupOwnerId: row.subject.backupOwnerId };
  const decide = await canDecide(
    db,
    actor,
    { id: row.id, status: row.status, requesterId: row.requesterId, requesterName: row.requester.name, riskTier: row.riskTier, subject },
    settings,
    row.stages,
    info,
    now,
  );
  return {
    ticket: {
      number: row.number,
      reference: formatRequestNumber(row.number),
      kind: row.kind,
      exceptionType: row.exceptionType,
      status: row.status,
      title: requestTitle(row),
      justification: row.justification,
      scope: row.scope,
      approvedScope: row.approvedScope,
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
      submittedAt: row.submittedAt,
      decidedAt: row.decidedAt,
      updatedAt: row.updatedAt,
      incidentId: row.incidentId,
      sponsor: row.sponsor,
      vendorWindowStart: row.vendorWindowStart,
      vendorWindowEnd: row.vendorWindowEnd,
      followUpDueAt: row.followUpDueAt,
      system: row.system,
      entitlement: row.entitlement,
      entitlementRef: facts.entitlementRef,
    },
    requester: person(row.requester),
    subject: {
      id: row.subject.id,
      kind: row.subject.kind,
      name: row.subject.name,
      displayName: row.subject.displayName,
      person: row.subject.user ? person(row.subject.user) : null,
      nhi: nhiOf(row.subject, now),
    },
    scope: compareScope(facts, grants),
    policy: row.decisionRoute
      ? {
          version: row.policyVersion?.version ?? null,
          contentHash: row.policyVersion?.contentHash ?? null,
          ruleId: row.policyRuleId,
          ruleDescription: ruleDescription(document, row.policyRuleId),
          route: row.decisionRoute,
          workflow: row.workflow,
          riskScore: row.riskScore,
          riskTier: row.riskTier,
          reasons,
          ttlCapHours: ttlCapOf(row.decisionReasons, reasons),
        }
      : null,
    sod: {
      conflicts: sodFindings(facts, document, grants),
      notes: nhiOwnerNotes(actor.id, row.subject, row.riskTier, settings.nhiOwnerSoleApproverMaxRiskTier),
    },
    history,
    path: { stages: toPathStages(row.stages, now), infoRequest: info },
    canDecide: decide,
  };
}

export type TicketReview = Awaited<ReturnType<typeof reviewTicket>>;
