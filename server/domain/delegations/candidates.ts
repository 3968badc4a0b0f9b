import type { PrismaClient } from "@/server/db/generated/client";
import { Prisma } from "@/server/db/generated/client";
import { delegateCandidatesInput, type DelegateCandidatesInput } from "./input";

export interface DelegateCandidate {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
}

const CANDIDATE_LIMIT = 20;

/** Active people who may decide approvals, other than the actor, matching the search by name, e-mail or department. */
export async function delegateCandidates(db: PrismaClient, actor: { id: string }, rawInput: DelegateCandidatesInput): Promise<DelegateCandidate[]> {
  const q = delegateCandidatesInput.parse(rawInput)?.q;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // The role test is SQL: the PGlite adapter cannot bind an enum value for Prisma's `has`.
  const search = pattern ? Prisma.sql`AND (name ILIKE ${pattern} OR email ILIKE ${pattern} OR department ILIKE ${pattern})` : Prisma.empty;
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User"
    WHERE active AND id <> ${actor.id} AND roles && ARRAY['APPROVER', 'ADMIN']::"Role"[] ${search}
    ORDER BY name, id
    LIMIT ${CANDIDATE_LIMIT}`;
  return db.user.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, department: true, title: true },
  });
}
