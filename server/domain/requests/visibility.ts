import type { Prisma } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { parseRequestNumber } from "./number";

export interface Viewer {
  id: string;
  roles: readonly string[];
}

/**
 * Who may read a ticket: its requester, its subject's person, the owners of an NHI subject, the
 * approvers assigned to it (also on someone's behalf, and the delegate of an assigned approver
 * while the delegation runs), the owner of a system fulfilled by hand once the ticket has a grant
 * there, auditors and admins.
 */
export function visibleTicketWhere(viewer: Viewer, now: Date = new Date()): Prisma.AccessRequestWhereInput {
  if (viewer.roles.includes("AUDITOR") || viewer.roles.includes("ADMIN")) return {};
  return {
    OR: [
      { requesterId: viewer.id },
      { subject: { userId: viewer.id } },
      { subject: { kind: "NHI", OR: [{ ownerId: viewer.id }, { backupOwnerId: viewer.id }] } },
      { assignments: { some: { OR: [{ approverId: viewer.id }, { onBehalfOfId: viewer.id }] } } },
      { decisions: { some: { approverId: viewer.id } } },
      // The owner of a system fulfilled by hand sets up and removes its access, so sees the tickets that have some there.
      { system: { connectorType: "MANUAL", ownerId: viewer.id }, grants: { some: {} } },
      {
        assignments: {
          some: { status: "OPEN", approver: { delegationsGiven: { some: { delegateId: viewer.id, startsAt: { lte: now }, endsAt: { gt: now } } } } },
        },
      },
    ],
  };
}

/** A ticket number as typed ("AR-000123", "123") or given (123); NOT_FOUND when it is neither. */
export function ticketNumber(value: number | string): number {
  const number = typeof value === "number" ? value : parseRequestNumber(value);
  if (number === null || !Number.isSafeInteger(number) || number < 1) {
    throw new AppError("NOT_FOUND", "No ticket with this number.", "number");
  }
  return number;
}

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "No ticket with this number that you may see.", "number");
}
