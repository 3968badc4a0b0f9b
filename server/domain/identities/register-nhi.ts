import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import type { Problem } from "@/server/domain/requests/field-rules";
import type { NewNhiInput } from "@/server/domain/requests/input";

type Db = PrismaClient | Prisma.TransactionClient;

export interface NewNhiOwners {
  owner: { id: string; email: string; name: string; active: boolean } | null;
  backupOwner: { id: string; email: string; name: string; active: boolean } | null;
}

const ownerSelect = { id: true, email: true, name: true, active: true } as const;

/**
 * The checks on an NHI registered by an AUTOMATION request: an owner and a distinct backup owner,
 * both active people; a free name; a rotation period within the policy's; a future end date.
 */
export async function newNhiProblems(
  db: Db,
  nhi: NewNhiInput,
  policy: PolicyDocument,
  now: Date,
): Promise<{ problems: Problem[]; owners: NewNhiOwners }> {
  const problems: Problem[] = [];
  const field = (name: string) => `newNhi.${name}`;
  const [owner, backupOwner, taken] = await Promise.all([
    db.user.findUnique({ where: { id: nhi.ownerId }, select: ownerSelect }),
    db.user.findUnique({ where: { id: nhi.backupOwnerId }, select: ownerSelect }),
    db.identity.findUnique({ where: { name: nhi.name }, select: { id: true } }),
  ]);
  if (!owner?.active) problems.push({ field: field("ownerId"), rule: "active-owner", message: "The owner must be an active person." });
  if (!backupOwner?.active) {
    problems.push({ field: field("backupOwnerId"), rule: "active-owner", message: "The backup owner must be an active person." });
  }
  if (nhi.ownerId === nhi.backupOwnerId) {
    problems.push({ field: field("backupOwnerId"), rule: "distinct-owners", message: "The backup owner must be someone other than the owner." });
  }
  if (taken) problems.push({ field: field("name"), rule: "unique", message: `An identity named ${nhi.name} already exists.` });
  const maxRotation = policy.nonHumanIdentities.maxRotationPeriodDays;
  if (nhi.rotationPeriodDays > maxRotation) {
    problems.push({ field: field("rotationPeriodDays"), rule: "max-rotation", message: `Rotate at least every ${maxRotation} days (policy).` });
  }
  if (new Date(nhi.intendedUntil).getTime() <= now.getTime()) {
    problems.push({ field: field("intendedUntil"), rule: "in-future", message: "The intended end date must be in the future." });
  }
  return { problems, owners: { owner, backupOwner } };
}

/** Writes the identity inside the caller's transaction; the ticket that registers it is written next. */
export async function createNhi(tx: Prisma.TransactionClient, nhi: NewNhiInput): Promise<string> {
  const row = await tx.identity.create({
    data: {
      kind: "NHI",
      name: nhi.name,
      displayName: nhi.displayName,
      nhiType: nhi.nhiType,
      ownerId: nhi.ownerId,
      backupOwnerId: nhi.backupOwnerId,
      workload: nhi.workload,
      environment: nhi.environment,
      dependencies: nhi.dependencies,
      credentialScope: nhi.credentialScope,
      rotationPeriodDays: nhi.rotationPeriodDays,
      intendedUntil: new Date(nhi.intendedUntil),
    },
    select: { id: true },
  });
  return row.id;
}
