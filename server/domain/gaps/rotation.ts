import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { overdueBy } from "./format";
import type { GapRow, GapWindow } from "./types";

const DAY_MS = 86_400_000;

/**
 * Live credentials: an API key not revoked, not expired and not yet replaced by a rotation; a
 * certificate not revoked and still valid. Each is past rotation when issued longer ago than its
 * identity's rotationPeriodDays.
 */
function pastRotationSql(now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, 'SECRET' AS kind, s.label || ' v' || s.version || ' (' || s.prefix || '…)' AS subject, s."createdAt" AS issued,
           i."rotationPeriodDays" AS period, s."grantId", i.id AS "identityId", i.name, i."displayName", r.number
      FROM "Secret" s
      JOIN "Identity" i ON i.id = s."identityId"
      JOIN "Grant" g ON g.id = s."grantId"
      JOIN "AccessRequest" r ON r.id = g."requestId"
     WHERE s."revokedAt" IS NULL
       AND (s."expiresAt" IS NULL OR s."expiresAt" > ${now})
       AND NOT EXISTS (SELECT 1 FROM "Secret" n WHERE n."rotatedFromId" = s.id)
       AND i."rotationPeriodDays" IS NOT NULL
       AND s."createdAt" <= ${now}::timestamptz - make_interval(days => i."rotationPeriodDays")
    UNION ALL
    SELECT c.id, 'CERTIFICATE' AS kind, 'Certificate ' || c."serialNumber" AS subject, c."notBefore" AS issued,
           i."rotationPeriodDays" AS period, c."grantId", i.id AS "identityId", i.name, i."displayName", r.number
      FROM "Certificate" c
      JOIN "Identity" i ON i.id = c."identityId"
      JOIN "Grant" g ON g.id = c."grantId"
      JOIN "AccessRequest" r ON r.id = g."requestId"
     WHERE c."revokedAt" IS NULL
       AND c."notAfter" > ${now}
       AND i."rotationPeriodDays" IS NOT NULL
       AND c."notBefore" <= ${now}::timestamptz - make_interval(days => i."rotationPeriodDays")`;
}

export async function countPastRotation(db: PrismaClient, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${pastRotationSql(now)}) x`;
  return row?.n ?? 0;
}

interface RotationRow {
  id: string;
  kind: "SECRET" | "CERTIFICATE";
  subject: string;
  issued: Date;
  period: number;
  grantId: string;
  identityId: string;
  name: string;
  displayName: string;
  number: number;
}

/** The most overdue first. */
export async function pastRotation(db: PrismaClient, now: Date, w: GapWindow): Promise<GapRow[]> {
  const rows = await db.$queryRaw<RotationRow[]>`
    SELECT * FROM (${pastRotationSql(now)}) x
     ORDER BY issued + make_interval(days => period) ASC, id ASC
     LIMIT ${w.take} OFFSET ${w.skip}`;
  return rows.map((r) => {
    const dueAt = new Date(new Date(r.issued).getTime() + r.period * DAY_MS);
    return {
      id: r.id,
      ticket: formatRequestNumber(r.number),
      identity: { id: r.identityId, name: r.name, displayName: r.displayName },
      grantId: r.grantId,
      subject: r.subject,
      at: new Date(r.issued),
      why: `${r.kind === "SECRET" ? "API key" : "Certificate"} still live ${overdueBy(now.getTime() - dueAt.getTime())} past its ${r.period}-day rotation period.`,
    };
  });
}
