import { z } from "zod";
import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import { getCurrentPolicy } from "@/server/domain/policy/store";

type Db = PrismaClient | Prisma.TransactionClient;

export interface Actor {
  id: string;
  email: string;
  name: string;
  department: string;
}

export type OnBehalfOf = PolicyDocument["requests"]["onBehalfOf"];

/**
 * The identities `actor` may file requests for: themself, the people the policy lets them ask
 * for, and the NHIs they own or back up. Owner activity is checked separately, so that an NHI
 * without an active owner is refused with its own reason instead of looking unknown.
 */
export function mayRequestForWhere(actor: Actor, onBehalfOf: OnBehalfOf): Prisma.IdentityWhereInput {
  const people: Prisma.IdentityWhereInput[] = [{ kind: "HUMAN", userId: actor.id }];
  if (onBehalfOf.managersForReports) people.push({ kind: "HUMAN", user: { managerId: actor.id, active: true } });
  if (onBehalfOf.sameDepartment) people.push({ kind: "HUMAN", user: { department: actor.department, active: true } });
  return {
    status: "ACTIVE",
    OR: [
      ...people,
      // External people (vendors) have no account: their sponsor and the sponsor's team ask for them.
      { kind: "HUMAN", userId: null, owner: { OR: [{ id: actor.id }, { reports: { some: { id: actor.id } } }] } },
      { kind: "NHI", ownerId: actor.id },
      { kind: "NHI", backupOwnerId: actor.id },
    ],
  };
}

export interface RequestableSubject {
  id: string;
  kind: "HUMAN" | "NHI";
  name: string;
  displayName: string;
  relation: "self" | "report" | "colleague" | "external" | "owner" | "backup_owner";
  department: string | null;
  nhiType: string | null;
  environment: string | null;
  owner: { id: string; name: string } | null;
  backupOwner: { id: string; name: string } | null;
}

const subjectSelect = {
  id: true,
  kind: true,
  name: true,
  displayName: true,
  nhiType: true,
  environment: true,
  ownerId: true,
  backupOwnerId: true,
  user: { select: { id: true, managerId: true, department: true } },
  owner: { select: { id: true, name: true, active: true } },
  backupOwner: { select: { id: true, name: true, active: true } },
} as const satisfies Prisma.IdentitySelect;

/** Myself first, then people by name, then NHIs by name; NHIs without an active owner are left out. */
export async function requestableSubjects(db: PrismaClient, actor: Actor): Promise<RequestableSubject[]> {
  const policy = await getCurrentPolicy(db);
  const rows = await db.identity.findMany({
    where: {
      AND: [mayRequestForWhere(actor, policy.document.requests.onBehalfOf), { OR: [{ kind: "HUMAN", userId: { not: null } }, { owner: { active: true } }] }],
    },
    select: subjectSelect,
    orderBy: [{ kind: "asc" }, { displayName: "asc" }],
    take: 500,
  });
  const subjects = rows.map((row): RequestableSubject => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    displayName: row.displayName,
    relation:
      row.kind === "NHI"
        ? row.ownerId === actor.id
          ? "owner"
          : "backup_owner"
        : !row.user
          ? "external"
          : row.user.id === actor.id
          ? "self"
          : row.user?.managerId === actor.id
            ? "report"
            : "colleague",
    department: row.user?.department ?? null,
    nhiType: row.nhiType,
    environment: row.environment,
    owner: row.owner ? { id: row.owner.id, name: row.owner.name } : null,
    backupOwner: row.backupOwner ? { id: row.backupOwner.id, name: row.backupOwner.name } : null,
  }));
  const rank = (s: RequestableSubject) => (s.relation === "self" ? 0 : s.kind === "HUMAN" ? 1 : 2);
  return subjects.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

export const ownersInputSchema = z.object({ q: z.string().trim().max(100).default("") });

export interface PersonOption {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
}

/** Active people, for owner, backup owner and sponsor pickers. */
export async function activePeople(db: PrismaClient, input: z.input<typeof ownersInputSchema> = {}): Promise<PersonOption[]> {
  const { q } = ownersInputSchema.parse(input);
  const text = q ? [{ name: { contains: q, mode: "insensitive" as const } }, { email: { contains: q, mode: "insensitive" as const } }] : null;
  return db.user.findMany({
    where: { active: true, ...(text ? { OR: text } : {}) },
    select: { id: true, name: true, email: true, department: true, title: true },
    orderBy: { name: "asc" },
    take: 100,
  });
}
