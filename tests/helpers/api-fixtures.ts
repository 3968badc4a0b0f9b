import { randomUUID } from "node:crypto";
import { createCaller } from "@/server/api/caller";
import type { Role } from "@/server/auth/roles";
import type { PrismaClient } from "@/server/db/client";
import type { RequestStatus } from "@/server/db/generated/enums";

/** Small, explicit rows for API tests; every name carries a random suffix so files never collide. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  identityId: string;
}

export async function createUser(
  db: PrismaClient,
  options: { name: string; roles: Role[]; active?: boolean; department?: string },
): Promise<TestUser> {
  const tag = randomUUID().slice(0, 8);
  const email = `${options.name.toLowerCase().replace(/\W+/g, ".")}.${tag}@example.test`;
  const user = await db.user.create({
    data: {
      email,
      name: options.name,
      roles: options.roles,
      active: options.active ?? true,
      department: options.department ?? "Engineering",
      identity: { create: { kind: "HUMAN", name: email, displayName: options.name } },
    },
    select: { id: true, identity: { select: { id: true } } },
  });
  return { id: user.id, email, name: options.name, roles: options.roles, identityId: user.identity!.id };
}

/** A session as next-auth would hand it over; `roles` is only what the token claimed. */
export function sessionFor(user: { id: string; email: string; name: string }, roles: string[] = []) {
  return { user: { id: user.id, email: user.email, name: user.name, roles: roles as Role[] } };
}

export function callerFor(db: PrismaClient, user: { id: string; email: string; name: string } | null, roles?: string[]) {
  return createCaller({ db, session: user ? sessionFor(user, roles) : null });
}

export async function createCatalogue(db: PrismaClient, ownerId: string) {
  const tag = randomUUID().slice(0, 8);
  const system = await db.system.create({
    data: {
      key: `payments-db-${tag}`,
      name: "Payments DB",
      connectorType: "POSTGRES",
      ownerId,
      riskTier: "HIGH",
      environment: "PRODUCTION",
    },
  });
  const entitlement = await db.entitlement.create({
    data: { systemId: system.id, key: "read", name: "Read replica", scope: { role: "payments_read" }, riskTier: "MEDIUM" },
  });
  return { system, entitlement };
}

export async function createTicket(
  db: PrismaClient,
  options: {
    requester: TestUser;
    subjectId?: string;
    status: RequestStatus;
    catalogue: Awaited<ReturnType<typeof createCatalogue>>;
    updatedAt?: Date;
  },
) {
  return db.accessRequest.create({
    data: {
      kind: "GRANT",
      status: options.status,
      requesterId: options.requester.id,
      subjectId: options.subjectId ?? options.requester.identityId,
      systemId: options.catalogue.system.id,
      entitlementId: options.catalogue.entitlement.id,
      scope: { role: "payments_read" },
      justification: "Quarter-end reconciliation",
      ...(options.updatedAt ? { updatedAt: options.updatedAt } : {}),
    },
  });
}

/** A stage of `requestId` with an assignment for each approver. */
export async function createStage(
  db: PrismaClient,
  options: { requestId: string; approverIds: string[]; status: "WAITING" | "PENDING" | "APPROVED"; position?: number; dueAt?: Date },
) {
  const stage = await db.approvalStage.create({
    data: {
      requestId: options.requestId,
      position: options.position ?? 1,
      name: "Resource owner",
      selector: { type: "RESOURCE_OWNER" },
      quorum: 1,
      slaHours: 24,
      status: options.status,
      dueAt: options.dueAt ?? null,
    },
  });
  for (const approverId of options.approverIds) {
    await db.approvalAssignment.create({ data: { stageId: stage.id, requestId: options.requestId, approverId } });
  }
  return stage;
}
