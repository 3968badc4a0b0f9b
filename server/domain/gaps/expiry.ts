import type { PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { overdueBy } from "./format";
import type { GapRow, GapWindow } from "./types";

const whereAt = (now: Date) => ({ status: { in: ["ACTIVE" as const, "REVOKING" as const] }, expiresAt: { lte: now } });

export function countExpiredNotRevoked(db: PrismaClient, now: Date): Promise<number> {
  return db.grant.count({ where: whereAt(now) });
}

/** ACTIVE or REVOKING grants at or past their expiry, the longest overdue first. */
export async function expiredNotRevoked(db: PrismaClient, now: Date, w: GapWindow): Promise<GapRow[]> {
  const rows = await db.grant.findMany({
    where: whereAt(now),
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    skip: w.skip,
    take: w.take,
    select: {
      id: true,
      status: true,
      expiresAt: true,
      connectorType: true,
      request: { select: { number: true } },
      identity: { select: { id: true, name: true, displayName: true } },
      entitlement: { select: { name: true } },
    },
  });
  return rows.map((g) => ({
    id: g.id,
    ticket: formatRequestNumber(g.request.number),
    identity: g.identity,
    grantId: g.id,
    subject: g.entitlement?.name ?? g.connectorType,
    at: g.expiresAt,
    why: `Expired ${overdueBy(now.getTime() - g.expiresAt!.getTime())} ago and still ${g.status === "ACTIVE" ? "active on the target" : "being revoked"}.`,
  }));
}
