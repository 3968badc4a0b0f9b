import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { GapRow, GapWindow } from "./types";

type Role = "owner" | "backupOwner";

// Decommissioned identities hold nothing and need no owner.
function whereFor(role: Role): Prisma.IdentityWhereInput {
  const idField = role === "owner" ? "ownerId" : "backupOwnerId";
  return { kind: "NHI", status: { not: "DECOMMISSIONED" }, OR: [{ [idField]: null }, { [role]: { active: false } }] };
}

export function countNhiWithoutActive(db: PrismaClient, role: Role): Promise<number> {
  return db.identity.count({ where: whereFor(role) });
}

/** NHIs whose owner (or backup owner) is missing or an inactive user: nobody answers for them. */
export async function nhiWithoutActive(db: PrismaClient, role: Role, w: GapWindow): Promise<GapRow[]> {
  const rows = await db.identity.findMany({
    where: whereFor(role),
    orderBy: [{ name: "asc" }],
    skip: w.skip,
    take: w.take,
    select: {
      id: true,
      name: true,
      displayName: true,
      updatedAt: true,
      owner: { select: { name: true, email: true, updatedAt: true } },
      backupOwner: { select: { name: true, email: true, updatedAt: true } },
    },
  });
  const label = role === "owner" ? "owner" : "backup owner";
  return rows.map((i) => {
    const person = role === "owner" ? i.owner : i.backupOwner;
    return {
      id: i.id,
      ticket: null,
      identity: { id: i.id, name: i.name, displayName: i.displayName },
      grantId: null,
      subject: person ? person.name : `No ${label}`,
      at: person ? person.updatedAt : i.updatedAt,
      why: person ? `The ${label}, ${person.name}, is no longer an active user.` : `No ${label} is recorded.`,
    };
  });
}
