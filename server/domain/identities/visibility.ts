import { z } from "zod";
import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import { mayRequestForWhere, type Actor } from "./requestable";

export interface IdentityViewer extends Actor {
  roles: readonly string[];
}

/** Auditors and admins read every identity's access; nobody else does. */
export function seesAllIdentities(viewer: { roles: readonly string[] }): boolean {
  return viewer.roles.includes("AUDITOR") || viewer.roles.includes("ADMIN");
}

/**
 * Whose access a viewer may read: auditors and admins everyone; anyone else themself, their direct
 * reports, the identities they own or back up (NHIs, sponsored external people), everyone the
 * policy lets them request for, and the subjects of tickets that wait on their approval now (also
 * as the delegate of an assigned approver while the delegation runs). Decommissioned identities
 * stay readable to the same people, so past access can still be looked up.
 */
export async function visibleIdentityWhere(db: PrismaClient, viewer: IdentityViewer, now: Date): Promise<Prisma.IdentityWhereInput> {
  if (seesAllIdentities(viewer)) return {};
  // Before the first policy is published nobody requests on anyone's behalf.
  const policy = await getCurrentPolicy(db).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "PRECONDITION_FAILED") return null;
    throw error;
  });
  const onBehalfOf = policy?.document.requests.onBehalfOf;
  return {
    OR: [
      { kind: "HUMAN", userId: viewer.id },
      { kind: "HUMAN", user: { managerId: viewer.id } },
      { ownerId: viewer.id },
      { backupOwnerId: viewer.id },
      ...(onBehalfOf ? [mayRequestForWhere(viewer, onBehalfOf)] : []),
      { requests: { some: waitingOn(viewer.id, now) } },
    ],
  };
}

/** Tickets waiting on this approver now, directly or as the delegate of an assigned approver. */
export function waitingOn(approverId: string, now: Date): Prisma.AccessRequestWhereInput {
  return {
    status: "PENDING_APPROVAL",
    assignments: {
      some: {
        status: "OPEN",
        OR: [{ approverId }, { approver: { delegationsGiven: { some: { delegateId: approverId, startsAt: { lte: now }, endsAt: { gt: now } } } } }],
      },
    },
  };
}

export const identityIdInputSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** Whether the viewer may open this identity's page: for links from tickets, without reading the page. */
export async function canOpenIdentity(db: PrismaClient, viewer: IdentityViewer, input: z.input<typeof identityIdInputSchema>, now: Date = new Date()): Promise<boolean> {
  const { id } = identityIdInputSchema.parse(input);
  const row = await db.identity.findFirst({ where: { AND: [{ id }, await visibleIdentityWhere(db, viewer, now)] }, select: { id: true } });
  return row !== null;
}
