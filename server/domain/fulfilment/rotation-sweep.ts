import { createHash } from "node:crypto";
import type { PrismaClient } from "@/server/db/generated/client";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import { submitRequest } from "@/server/domain/requests/submit";

/** Finds NHI secrets and certificates past their rotation period and opens their rotation; runs every hour. */
export const ROTATION_SWEEP_JOB = "credentials.rotation_sweep";

const DAY_MS = 86_400_000;

interface DueRow {
  grantId: string;
  identityName: string;
  type: "SECRET" | "CERTIFICATE";
  grantedAt: Date;
  rotationPeriodDays: number;
  ownerId: string;
  ownerEmail: string;
  ownerName: string;
  ownerDepartment: string;
}

export interface RotationSweepResult {
  due: number;
  filed: number;
  failed: number;
}

/**
 * Where the policy says so (`nonHumanIdentities.rotateWhenDue`), each active secret or
 * certificate of an NHI issued longer ago than the NHI's rotation period gets a ROTATE ticket,
 * filed by the portal for the NHI's owner and decided by the policy like any other. The owner
 * then collects the new version (shown once); the old one works until the overlap after that
 * ends. One ticket per grant, ever: the idempotency key derives from the grant, and a grant with
 * a rotation under way is not due.
 */
export async function sweepRotations(db: PrismaClient, now: Date, options: { limit?: number; log?: (line: string) => void } = {}): Promise<RotationSweepResult> {
  const policy = await getCurrentPolicy(db);
  if (!policy.document.nonHumanIdentities.rotateWhenDue) return { due: 0, filed: 0, failed: 0 };
  const due = await db.$queryRaw<DueRow[]>`
    SELECT g.id AS "grantId", i.name AS "identityName", g.type::text AS type, g."grantedAt", i."rotationPeriodDays",
           u.id AS "ownerId", u.email AS "ownerEmail", u.name AS "ownerName", u.department AS "ownerDepartment"
    FROM "Grant" g
    JOIN "Identity" i ON i.id = g."identityId"
    JOIN "User" u ON u.id = i."ownerId" AND u.active
    WHERE g.status = 'ACTIVE' AND g.type IN ('SECRET', 'CERTIFICATE')
      AND i.kind = 'NHI' AND i.status = 'ACTIVE' AND i."rotationPeriodDays" IS NOT NULL
      AND g."grantedAt" <= ${now}::timestamptz - make_interval(days => i."rotationPeriodDays")
      AND (g."expiresAt" IS NULL OR g."expiresAt" > ${now})
      AND NOT EXISTS (
        SELECT 1 FROM "AccessRequest" r
        WHERE r.kind = 'ROTATE' AND r.scope->>'grantId' = g.id
          AND r.status NOT IN ('DENIED', 'CANCELLED', 'FAILED', 'EXPIRED_UNDECIDED'))
    ORDER BY g."grantedAt"
    LIMIT ${options.limit ?? 50}`;
  let filed = 0;
  let failed = 0;
  for (const row of due) {
    const what = row.type === "SECRET" ? "API key" : "certificate";
    const ageDays = Math.floor((now.getTime() - row.grantedAt.getTime()) / DAY_MS);
    try {
      const ticket = await submitRequest(
        db,
        { id: row.ownerId, email: row.ownerEmail, name: row.ownerName, department: row.ownerDepartment },
        {
          kind: "ROTATE",
          grantId: row.grantId,
          justification: `Scheduled rotation: the ${what} of ${row.identityName} was issued ${ageDays} days ago, past its rotation period of ${row.rotationPeriodDays} days.`,
          idempotencyKey: rotationKey(row.grantId),
        },
        { filedBySystem: { because: `rotation period of ${row.rotationPeriodDays} days passed` } },
      );
      if (ticket.created) filed++;
    } catch (error) {
      failed++;
      options.log?.(`Rotation of grant ${row.grantId} (${row.identityName}) could not be filed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { due: due.length, filed, failed };
}

/** A UUID derived from the grant, so the sweep files one rotation per grant however often it runs. */
function rotationKey(grantId: string): string {
  const hex = createHash("sha256").update(`rotation:${grantId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
