import type { Prisma, PrismaClient } from "@/server/db/generated/client";

/** A person named on an identity page; `identityId` is set only when the viewer may open their page. */
export interface PersonLink {
  userId: string;
  name: string;
  email: string;
  identityId: string | null;
}

/**
 * Which of the people and identities named on a page the viewer may open, under the same rule
 * that let them open the page (`visible`), in one query.
 */
export async function linkablePeople(
  db: PrismaClient,
  visible: Prisma.IdentityWhereInput,
  people: readonly ({ identity: { id: string } | null } | null | undefined)[],
  identityIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set([...people.flatMap((p) => (p?.identity ? [p.identity.id] : [])), ...identityIds])];
  if (ids.length === 0) return new Set();
  const rows = await db.identity.findMany({ where: { AND: [{ id: { in: ids } }, visible] }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
