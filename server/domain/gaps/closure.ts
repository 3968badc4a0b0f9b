import type { PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { GapRow, GapWindow } from "./types";

const where = { status: "CLOSED", evidence: { none: {} } } as const;

export function countClosedWithoutEvidence(db: PrismaClient): Promise<number> {
  return db.accessRequest.count({ where });
}

/** CLOSED tickets with no ClosureEvidence row: nothing proves the access was set up or removed. */
export async function closedWithoutEvidence(db: PrismaClient, w: GapWindow): Promise<GapRow[]> {
  const rows = await db.accessRequest.findMany({
    where,
    orderBy: [{ closedAt: { sort: "desc", nulls: "last" } }, { number: "desc" }],
    skip: w.skip,
    take: w.take,
    select: {
      id: true,
      number: true,
      kind: true,
      closedAt: true,
      updatedAt: true,
      subject: { select: { id: true, name: true, displayName: true } },
      entitlement: { select: { name: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    ticket: formatRequestNumber(r.number),
    identity: r.subject,
    grantId: null,
    subject: r.entitlement?.name ?? r.kind,
    at: r.closedAt ?? r.updatedAt,
    why: `${r.kind} ticket closed with no closure evidence read back from the target.`,
  }));
}
