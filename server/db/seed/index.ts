import type { PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvents } from "@/server/domain/audit/append-batch";
import { buildWorld, type SeedWorld } from "./world";

export { DEMO_PERSONAS, type DemoPersona } from "./personas";
export { buildWorld } from "./world";

/**
 * The reference date of the demo organisation when no `now` is given: every ticket, grant and
 * expiry is placed relative to it, so two seeds with the same `now` are identical.
 */
export const SEED_REFERENCE_DATE = new Date("2026-11-27T09:00:00.000Z");

/** Midnight UTC of the given day: a reference date that stays the same for a whole day of reseeding. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export interface SeedOptions {
  now?: Date;
  log?: (line: string) => void;
}

export interface SeedSummary {
  users: number;
  identities: number;
  nonHumanIdentities: number;
  systems: number;
  entitlements: number;
  policyVersions: number;
  workflows: number;
  delegations: number;
  accessRequests: number;
  approvalStages: number;
  approvalAssignments: number;
  approvalDecisions: number;
  grants: number;
  secrets: number;
  certificates: number;
  closureEvidence: number;
  comments: number;
  notifications: number;
  auditEvents: number;
  durationMs: number;
}

export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

/** Fills an empty database with the demo organisation, all in one transaction. */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const now = options.now ?? SEED_REFERENCE_DATE;
  if (!(await isDatabaseEmpty(prisma))) {
    throw new Error("The database already has users; the demo organisation is only seeded into an empty database.");
  }
  const world = buildWorld(now);
  log(`Seeding the demo organisation (reference date ${now.toISOString()}): ${world.users.length} people, ${world.tickets.requests.length} tickets, ${world.events.length} audit events.`);
  await prisma.$transaction((tx) => writeWorld(tx as unknown as PrismaClient, world, log), { timeout: 600_000, maxWait: 60_000 });
  return { ...(await countRows(prisma)), durationMs: Date.now() - started };
}

async function writeWorld(tx: PrismaClient, world: SeedWorld, log: (line: string) => void): Promise<void> {
  const t = world.tickets;
  await tx.user.createMany({ data: world.users });
  await tx.identity.createMany({ data: world.identities });
  await tx.system.createMany({ data: world.systems });
  await tx.entitlement.createMany({ data: world.entitlements });
  await tx.policyVersion.createMany({ data: [world.policy.version] });
  await tx.workflow.createMany({ data: world.policy.workflows });
  await tx.delegation.createMany({ data: world.delegations });
  await tx.accessRequest.createMany({ data: t.requests });
  await tx.approvalStage.createMany({ data: t.stages });
  // Assignments carry the seed's person object for convenience; only columns are written.
  await tx.approvalAssignment.createMany({ data: t.assignments.map(({ person: _person, ...row }: typeof t.assignments[number] & { person?: unknown }) => row) });
  await tx.approvalDecision.createMany({ data: t.decisions });
  await tx.grant.createMany({ data: t.grants });
  const secrets = [...t.secrets].sort((a, b) => Number(Boolean(a.rotatedFromId)) - Number(Boolean(b.rotatedFromId)));
  await tx.secret.createMany({ data: secrets });
  await tx.certificate.createMany({ data: t.certificates });
  await tx.closureEvidence.createMany({ data: t.evidence });
  await tx.comment.createMany({ data: t.comments });
  await tx.notification.createMany({ data: t.notifications });
  log(`Rows written; appending ${world.events.length} audit events.`);
  // world.events is already in business-time order; one batch keeps that order on the chain.
  await appendAuditEvents(
    tx,
    world.events.map(({ at: _at, ...event }) => event),
  );
}

async function countRows(prisma: PrismaClient): Promise<Omit<SeedSummary, "durationMs">> {
  const [users, identities, nonHumanIdentities, systems, entitlements, policyVersions, workflows, delegations, accessRequests, approvalStages, approvalAssignments, approvalDecisions, grants, secrets, certificates, closureEvidence, comments, notifications, auditEvents] =
    await Promise.all([
      prisma.user.count(),
      prisma.identity.count(),
      prisma.identity.count({ where: { kind: "NHI" } }),
      prisma.system.count(),
      prisma.entitlement.count(),
      prisma.policyVersion.count(),
      prisma.workflow.count(),
      prisma.delegation.count(),
      prisma.accessRequest.count(),
      prisma.approvalStage.count(),
      prisma.approvalAssignment.count(),
      prisma.approvalDecision.count(),
      prisma.grant.count(),
      prisma.secret.count(),
      prisma.certificate.count(),
      prisma.closureEvidence.count(),
      prisma.comment.count(),
      prisma.notification.count(),
      prisma.auditEvent.count(),
    ]);
  return { users, identities, nonHumanIdentities, systems, entitlements, policyVersions, workflows, delegations, accessRequests, approvalStages, approvalAssignments, approvalDecisions, grants, secrets, certificates, closureEvidence, comments, notifications, auditEvents };
}
