import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { entitlementRef } from "@/server/domain/catalogue/ref";
import { AppError } from "@/server/domain/errors";
import { readPage } from "@/server/domain/paging";
import { auditCatalogueSave } from "./audit-save";
import { uniqueViolationField } from "./db-errors";
import {
  entitlementListInput,
  saveEntitlementInput,
  type EntitlementListInput,
  type SaveEntitlementInput,
} from "./inputs";

const ENTITLEMENT_SELECT = {
  id: true,
  key: true,
  name: true,
  description: true,
  scope: true,
  riskTier: true,
  privileged: true,
  maxTtlHours: true,
  requestable: true,
  createdAt: true,
  updatedAt: true,
  system: { select: { id: true, key: true, name: true, environment: true } },
  _count: { select: { requests: true } },
} as const satisfies Prisma.EntitlementSelect;

type EntitlementRow = Prisma.EntitlementGetPayload<{ select: typeof ENTITLEMENT_SELECT }>;

export interface AdminEntitlement extends Omit<EntitlementRow, "_count" | "scope"> {
  /** "systemKey:entitlementKey", the name policy documents use. */
  ref: string;
  scope: Record<string, unknown>;
  requestCount: number;
}

function toDto({ _count, scope, ...row }: EntitlementRow): AdminEntitlement {
  return { ...row, ref: entitlementRef(row), scope: scope as Record<string, unknown>, requestCount: _count.requests };
}

const SORTS: Record<string, (direction: Prisma.SortOrder) => Prisma.EntitlementOrderByWithRelationInput[]> = {
  system: (d) => [{ system: { key: d } }, { key: "asc" }],
  key: (d) => [{ key: d }],
  name: (d) => [{ name: d }],
  riskTier: (d) => [{ riskTier: d }],
  maxTtlHours: (d) => [{ maxTtlHours: { sort: d, nulls: "last" } }],
  updatedAt: (d) => [{ updatedAt: d }],
};

export async function listEntitlements(db: PrismaClient, input: EntitlementListInput = {}) {
  const { page, pageSize, q, systemId, riskTier, requestable, privileged, sort, direction } = entitlementListInput.parse(input);
  const where: Prisma.EntitlementWhereInput = {
    ...(systemId ? { systemId } : {}),
    ...(riskTier ? { riskTier } : {}),
    ...(requestable === undefined ? {} : { requestable }),
    ...(privileged === undefined ? {} : { privileged }),
    ...(q
      ? {
          OR: [
            { key: { contains: q, mode: "insensitive" } },
            { name: { contains: q, mode: "insensitive" } },
            { description: { contains: q, mode: "insensitive" } },
            { system: { key: { contains: q, mode: "insensitive" } } },
            { system: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  return readPage(
    { page, pageSize },
    () => db.entitlement.count({ where }),
    (window) =>
      db.entitlement.findMany({ where, orderBy: [...SORTS[sort]!(direction), { id: "asc" }], ...window, select: ENTITLEMENT_SELECT }),
    toDto,
  );
}

/** Creates an entitlement, or updates the one named by `id`; the audit event commits with the change. */
export async function saveEntitlement(db: PrismaClient, actorId: string, raw: SaveEntitlementInput): Promise<AdminEntitlement> {
  const input = saveEntitlementInput.parse(raw);
  const data = {
    name: input.name,
    description: input.description,
    scope: input.scope as Prisma.InputJsonObject,
    riskTier: input.riskTier,
    privileged: input.privileged,
    maxTtlHours: input.maxTtlHours,
    requestable: input.requestable,
  };
  try {
    return await db.$transaction(async (tx) => {
      const system = await tx.system.findUnique({ where: { id: input.systemId }, select: { id: true } });
      if (!system) throw new AppError("BAD_REQUEST", "Choose an existing system.", "systemId");
      let row: EntitlementRow;
      let before: Record<string, unknown> | null = null;
      if (input.id) {
        const existing = await tx.entitlement.findUnique({ where: { id: input.id }, select: ENTITLEMENT_SELECT });
        if (!existing) throw new AppError("NOT_FOUND", "No entitlement has this id.", "id");
        if (existing.system.id !== input.systemId) {
          throw new AppError("BAD_REQUEST", "An entitlement cannot move to another system: tickets and grants refer to it.", "systemId");
        }
        if (existing.key !== input.key) {
          throw new AppError("BAD_REQUEST", "An entitlement's key cannot change: policies and tickets refer to it.", "key");
        }
        before = snapshot(existing);
        row = await tx.entitlement.update({ where: { id: input.id }, data, select: ENTITLEMENT_SELECT });
      } else {
        row = await tx.entitlement.create({
          data: { ...data, key: input.key, systemId: input.systemId },
          select: ENTITLEMENT_SELECT,
        });
      }
      await auditCatalogueSave(tx, actorId, { type: "Entitlement", id: row.id, name: { ref: entitlementRef(row) } }, before, snapshot(row));
      return toDto(row);
    });
  } catch (error) {
    if (uniqueViolationField(error, ["key"])) {
      throw new AppError("CONFLICT", `This system already has an entitlement with the key "${input.key}".`, "key");
    }
    throw error;
  }
}

function snapshot(row: EntitlementRow): Record<string, unknown> {
  return {
    name: row.name,
    description: row.description,
    scope: row.scope,
    riskTier: row.riskTier,
    privileged: row.privileged,
    maxTtlHours: row.maxTtlHours,
    requestable: row.requestable,
  };
}

/** Every entitlement as "systemKey:entitlementKey", sorted, for the policy editor's pickers. */
export async function listEntitlementRefs(db: PrismaClient): Promise<string[]> {
  const rows = await db.entitlement.findMany({ select: { key: true, system: { select: { key: true } } } });
  return rows.map(entitlementRef).sort();
}
