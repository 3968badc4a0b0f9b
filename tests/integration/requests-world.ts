import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { seedDemo } from "@/server/db/seed";
import { AppError } from "@/server/domain/errors";
import { decideStage } from "@/server/domain/workflow/decide";
import type { ClaimedJob } from "@/server/jobs/types";
import { callerFor } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** The demo organisation, seeded relative to now, with lookups by e-mail, name and "system:entitlement". */
export async function seededWorld() {
  const db: TestDatabase = await createTestDatabase();
  await seedDemo(db.prisma, { now: new Date() });
  const p = db.prisma;
  const person = async (local: string) =>
    p.user.findUniqueOrThrow({ where: { email: `${local}@acme.example` }, select: { id: true, email: true, name: true, identity: { select: { id: true } } } });
  return {
    db,
    prisma: p,
    person,
    as: async (local: string) => callerFor(p, await person(local)),
    identity: async (name: string) => p.identity.findUniqueOrThrow({ where: { name }, select: { id: true, ownerId: true, backupOwnerId: true } }),
    entitlement: async (ref: string) => {
      const [system, key] = ref.split(":");
      return p.entitlement.findFirstOrThrow({ where: { key: key!, system: { key: system! } }, select: { id: true, name: true } });
    },
    counts: async () => ({
      requests: await p.accessRequest.count(),
      events: await p.auditEvent.count(),
      identities: await p.identity.count(),
      stages: await p.approvalStage.count(),
    }),
  };
}

export type World = Awaited<ReturnType<typeof seededWorld>>;

export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
export const key = () => randomUUID();
export const WHY = "Investigating slow checkout queries reported in the weekly reliability review";

/** The call is refused with this tRPC code and names this field. */
export async function expectRefusal(call: Promise<unknown>, code: TRPCError["code"], field: string, message?: RegExp) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  expect(trpc.code).toBe(code);
  expect(trpc.cause).toBeInstanceOf(AppError);
  expect((trpc.cause as AppError).field).toBe(field);
  if (message) expect(trpc.message).toMatch(message);
  return trpc;
}

/** A valid new NHI for an AUTOMATION request. */
export function newNhi(ownerId: string, backupOwnerId: string, name = `svc-test-${Math.random().toString(36).slice(2, 8)}`) {
  return {
    name,
    displayName: "Checkout test service",
    nhiType: "SERVICE_ACCOUNT" as const,
    ownerId,
    backupOwnerId,
    workload: "checkout-tests (staging)",
    environment: "STAGING" as const,
    dependencies: ["staging-db"],
    credentialScope: "staging_app role on orders_staging",
    rotationPeriodDays: 90,
    intendedUntil: inHours(24 * 180),
  };
}

/** Approves every stage of a ticket in turn, each by one of its open assignees. */
export async function approveAll(w: World, number: number, comment = "Owner confirmed the workload.") {
  for (let round = 0; round < 4; round++) {
    const open = await w.prisma.approvalAssignment.findFirst({
      where: { request: { number }, status: "OPEN", stage: { status: "PENDING" } },
      select: { approver: { select: { id: true, roles: true } } },
    });
    if (!open) return;
    await decideStage(w.prisma, open.approver, { number, outcome: "APPROVE", comment });
  }
}

/** The ticket's queued fulfilment job, as the runner hands it to its handler on the first attempt. */
export async function fulfilmentJob(w: World, requestId: string): Promise<ClaimedJob> {
  const job = await w.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `fulfil:${requestId}` }, select: { id: true, type: true, payload: true, maxAttempts: true, requestId: true } });
  return { ...job, attempts: 1 };
}

/** A revocation job for one grant, as the expiry sweep queues it, on its first attempt. */
export function revokeJob(grantId: string, attempts = 1): ClaimedJob {
  return { id: `revoke-${grantId}`, type: "fulfilment.revoke", payload: { grantId, reason: "expired" }, attempts, maxAttempts: 8, requestId: null };
}
