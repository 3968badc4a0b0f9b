import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { GapRow, GapWindow } from "./types";

/**
 * The separation-of-duties rules of server/domain/workflow/sod.ts, read back over recorded
 * approvals (imported data never went through them): an approval by the requester, an approval by
 * the person the access is for, and NHI access above the pinned policy's
 * nhiOwnerSoleApproverMaxRiskTier approved by nobody but the NHI's current owners, once the ticket
 * is approved (before that, a later stage may still be waiting on someone else).
 */
const BREACHES = Prisma.sql`
  SELECT d.id AS id, 'REQUESTER' AS rule, r.id AS "requestId", d."approverId", d."createdAt" AS at
    FROM "ApprovalDecision" d JOIN "AccessRequest" r ON r.id = d."requestId"
   WHERE d.outcome = 'APPROVE' AND d."approverId" = r."requesterId"
  UNION ALL
  SELECT d.id, 'SUBJECT', r.id, d."approverId", d."createdAt"
    FROM "ApprovalDecision" d JOIN "AccessRequest" r ON r.id = d."requestId" JOIN "Identity" i ON i.id = r."subjectId"
   WHERE d.outcome = 'APPROVE' AND d."approverId" = i."userId" AND d."approverId" <> r."requesterId"
  UNION ALL
  SELECT r.id, 'NHI_OWNERS_ONLY', r.id, NULL, coalesce(r."decidedAt", r."updatedAt")
    FROM "AccessRequest" r
    JOIN "Identity" i ON i.id = r."subjectId"
    LEFT JOIN "PolicyVersion" pv ON pv.id = r."policyVersionId"
   WHERE i.kind = 'NHI' AND r."riskTier" IS NOT NULL
     AND r.status IN ('APPROVED', 'FULFILLING', 'ACTIVE', 'REVOKING', 'CLOSED', 'FAILED')
     AND (i."ownerId" IS NOT NULL OR i."backupOwnerId" IS NOT NULL)
     AND array_position(ARRAY['LOW','MEDIUM','HIGH','CRITICAL'], r."riskTier"::text)
       > coalesce(array_position(ARRAY['LOW','MEDIUM','HIGH','CRITICAL'], pv.document->'separationOfDuties'->>'nhiOwnerSoleApproverMaxRiskTier'), 2)
     AND EXISTS (SELECT 1 FROM "ApprovalDecision" d WHERE d."requestId" = r.id AND d.outcome = 'APPROVE')
     AND NOT EXISTS (
       SELECT 1 FROM "ApprovalDecision" d
        WHERE d."requestId" = r.id AND d.outcome = 'APPROVE'
          AND d."approverId" IS DISTINCT FROM i."ownerId" AND d."approverId" IS DISTINCT FROM i."backupOwnerId")`;

export async function countSodBreaches(db: PrismaClient): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${BREACHES}) x`;
  return row?.n ?? 0;
}

interface BreachRow {
  id: string;
  rule: "REQUESTER" | "SUBJECT" | "NHI_OWNERS_ONLY";
  at: Date;
  number: number;
  riskTier: string | null;
  approverName: string | null;
  identityId: string;
  name: string;
  displayName: string;
  entitlement: string | null;
  kind: string;
}

/** The latest approvals first. */
export async function sodBreaches(db: PrismaClient, w: GapWindow): Promise<GapRow[]> {
  const rows = await db.$queryRaw<BreachRow[]>`
    SELECT b.id, b.rule, b.at, r.number, r."riskTier"::text AS "riskTier", u.name AS "approverName",
           i.id AS "identityId", i.name, i."displayName", e.name AS entitlement, r.kind::text AS kind
      FROM (${BREACHES}) b
      JOIN "AccessRequest" r ON r.id = b."requestId"
      JOIN "Identity" i ON i.id = r."subjectId"
      LEFT JOIN "User" u ON u.id = b."approverId"
      LEFT JOIN "Entitlement" e ON e.id = r."entitlementId"
     ORDER BY b.at DESC, b.id ASC
     LIMIT ${w.take} OFFSET ${w.skip}`;
  return rows.map((r) => ({
    id: `${r.rule}:${r.id}`,
    ticket: formatRequestNumber(r.number),
    identity: { id: r.identityId, name: r.name, displayName: r.displayName },
    grantId: null,
    subject: r.entitlement ?? r.kind,
    at: new Date(r.at),
    why:
      r.rule === "REQUESTER"
        ? `${r.approverName} approved a ticket they requested themselves.`
        : r.rule === "SUBJECT"
          ? `${r.approverName} approved access for their own identity.`
          : `Only the NHI's owners approved this ${r.riskTier}-risk access, above the policy's limit for owner-only approval.`,
  }));
}
