import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { readPage } from "@/server/domain/paging";
import { auditCatalogueSave } from "./audit-save";
import { uniqueViolationField } from "./db-errors";
import { saveSystemInput, systemListInput, type SaveSystemInput, type SystemListInput } from "./inputs";

const SYSTEM_SELECT = {
  id: true,
  key: true,
  name: true,
  description: true,
  connectorType: true,
  connectorConfig: true,
  riskTier: true,
  environment: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true, email: true } },
  _count: { select: { entitlements: true } },
} as const satisfies Prisma.SystemSelect;

type SystemRow = Prisma.SystemGetPayload<{ select: typeof SYSTEM_SELECT }>;

export interface AdminSystem extends Omit<SystemRow, "_count" | "connectorConfig"> {
  connectorConfig: Record<string, unknown>;
  entitlementCount: number;
}

function toDto({ _count, connectorConfig, ...row }: SystemRow): AdminSystem {
  return { ...row, connectorConfig: (connectorConfig ?? {}) as Record<string, unknown>, entitlementCount: _count.entitlements };
}

export async function listSystems(db: PrismaClient, input: SystemListInput = {}) {
  const { page, pageSize, q, riskTier, environment, connectorType, sort, direction } = systemListInput.parse(input);
  const where: Prisma.SystemWhereInput = {
    ...(riskTier ? { riskTier } : {}),
    ...(environment ? { environment } : {}),
    ...(connectorType ? { connectorType } : {}),
    ...(q
      ? {
          OR: [
            { key: { contains: q, mode: "insensitive" } },
            { name: { contains: q, mode: "insensitive" } },
            { description: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  return readPage(
    { page, pageSize },
    () => db.system.count({ where }),
    (window) => db.system.findMany({ where, orderBy: [{ [sort]: direction }, { id: "asc" }], ...window, select: SYSTEM_SELECT }),
    toDto,
  );
}

/** Creates a system, or updates the one named by `id`; the audit event commits with the change. */
export async function saveSystem(db: PrismaClient, actorId: string, raw: SaveSystemInput): Promise<AdminSystem> {
  const input = saveSystemInput.parse(raw);
  const data = {
    name: input.name,
    description: input.description,
    connectorType: input.connectorType,
    connectorConfig: input.connectorConfig as Prisma.InputJsonObject,
    riskTier: input.riskTier,
    environment: input.environment,
    ownerId: input.ownerId,
  };
  try {
    return await db.$transaction(async (tx) => {
      await requireActiveOwner(tx, input.ownerId);
      let row: SystemRow;
      let before: Record<string, unknown> | null = null;
      if (input.id) {
        const existing = await tx.system.findUnique({ where: { id: input.id }, select: SYSTEM_SELECT });
        if (!existing) throw new AppError("NOT_FOUND", "No system has this id.", "id");
        if (existing.key !== input.key) {
          throw new AppError("BAD_REQUEST", "A system's key cannot change: policies and tickets refer to it.", "key");
        }
        before = snapshot(existing);
        row = await tx.system.update({ where: { id: input.id }, data, select: SYSTEM_SELECT });
      } else {
        row = await tx.system.create({ data: { ...data, key: input.key }, select: SYSTEM_SELECT });
      }
      await auditCatalogueSave(tx, actorId, { type: "System", id: row.id, name: { key: row.key } }, before, snapshot(row));
      return toDto(row);
    });
  } catch (error) {
    if (uniqueViolationField(error, ["key"])) {
      throw new AppError("CONFLICT", `A system with the key "${input.key}" already exists.`, "key");
    }
    throw error;
  }
}

function snapshot(row: SystemRow): Record<string, unknown> {
  return {
    name: row.name,
    description: row.description,
    connectorType: row.connectorType,
    connectorConfig: row.connectorConfig,
    riskTier: row.riskTier,
    environment: row.environment,
    ownerId: row.owner.id,
  };
}

async function requireActiveOwner(tx: Prisma.TransactionClient, ownerId: string): Promise<void> {
  const owner = await tx.user.findFirst({ where: { id: ownerId, active: true }, select: { id: true } });
  if (!owner) throw new AppError("BAD_REQUEST", "The owner must be an active user.", "ownerId");
}

/** Active people who may own a system, for the owner picker. */
export async function listOwners(db: PrismaClient, q?: string) {
  return db.user.findMany({
    where: {
      active: true,
      ...(q
        ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }] }
        : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 50,
    select: { id: true, name: true, email: true, department: true },
  });
}
