import type { Prisma, RiskTier } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";

const TIER_RANK: Record<RiskTier, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

export interface DecisionSodFacts {
  actorId: string;
  requesterId: string;
  subject: { userId: string | null; kind: "HUMAN" | "NHI"; ownerId: string | null; backupOwnerId: string | null };
  riskTier: RiskTier | null;
  /** The pinned policy's `separationOfDuties.nhiOwnerSoleApproverMaxRiskTier`. */
  nhiOwnerSoleApproverMaxRiskTier: RiskTier;
}

/**
 * Separation of duties that holds for every decision, admins included: the requester never
 * decides their own request, and nobody decides a request for their own access.
 */
export function assertMayDecide(f: DecisionSodFacts): void {
  if (f.requesterId === f.actorId) {
    throw new AppError("FORBIDDEN", "Separation of duties: the requester may not decide their own request.", "number");
  }
  if (f.subject.userId === f.actorId) {
    throw new AppError("FORBIDDEN", "Separation of duties: nobody may decide a request for their own access.", "number");
  }
}

/**
 * An NHI's owners (owner and backup owner) are never the only approvers of that NHI's access above
 * the policy's tier. `approvers` are the people who approved the ticket, this approval included; a
 * delegate counts as themselves, since four eyes means two people looked.
 */
export function assertNotOnlyOwners(f: DecisionSodFacts, approvers: Iterable<string>): void {
  if (f.subject.kind !== "NHI" || !f.riskTier) return;
  if (TIER_RANK[f.riskTier] <= TIER_RANK[f.nhiOwnerSoleApproverMaxRiskTier]) return;
  const owners = new Set([f.subject.ownerId, f.subject.backupOwnerId].filter((id): id is string => Boolean(id)));
  const people = new Set(approvers);
  if (owners.size === 0 || [...people].some((id) => !owners.has(id))) return;
  throw new AppError(
    "FORBIDDEN",
    `Separation of duties: the NHI's owners may not be the only approvers of its ${f.riskTier}-risk access; another approver must approve it.`,
    "number",
  );
}

/**
 * Nobody decides a ticket that would give them access through a linked ticket: a renewal, a
 * follow-up review or any ticket in the same chain whose subject is the decider.
 */
export async function assertNoLinkedOwnAccess(tx: Prisma.TransactionClient, requestId: string, actorId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ number: number }[]>`
    WITH RECURSIVE up AS (
      SELECT id, "parentRequestId" FROM "AccessRequest" WHERE id = ${requestId}
      UNION
      SELECT a.id, a."parentRequestId" FROM "AccessRequest" a JOIN up ON a.id = up."parentRequestId"
    ), family AS (
      SELECT id FROM up
      UNION
      SELECT a.id FROM "AccessRequest" a JOIN family f ON a."parentRequestId" = f.id
    )
    SELECT r.number FROM family f
      JOIN "AccessRequest" r ON r.id = f.id
      JOIN "Identity" i ON i.id = r."subjectId"
    WHERE r.id <> ${requestId} AND i."userId" = ${actorId}
    ORDER BY r.number LIMIT 1`;
  if (rows[0]) {
    throw new AppError(
      "FORBIDDEN",
      `Separation of duties: this ticket is linked to ${formatRequestNumber(rows[0].number)}, which is for your own access; you may not decide it.`,
      "number",
    );
  }
}
