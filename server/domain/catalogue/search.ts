import { z } from "zod";
import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { RiskTier } from "@/server/db/generated/enums";
import { readPage, type Page } from "@/server/domain/paging";
import { entitlementRef } from "./ref";

export const catalogueSearchInputSchema = z.object({
  q: z.string().trim().max(200).default(""),
  systemKey: z.string().trim().max(100).optional(),
  systemId: z.string().trim().max(100).optional(),
  riskTier: z.enum(RiskTier).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type CatalogueSearchInput = z.input<typeof catalogueSearchInputSchema>;

export interface CatalogueItem {
  id: string;
  key: string;
  ref: string;
  name: string;
  description: string | null;
  scope: Prisma.JsonValue;
  riskTier: RiskTier;
  privileged: boolean;
  maxTtlHours: number | null;
  system: {
    id: string;
    key: string;
    name: string;
    environment: string;
    riskTier: RiskTier;
    connectorType: string;
    owner: { id: string; name: string };
  };
}

const itemSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  scope: true,
  riskTier: true,
  privileged: true,
  maxTtlHours: true,
  system: {
    select: { id: true, key: true, name: true, environment: true, riskTier: true, connectorType: true, owner: { select: { id: true, name: true } } },
  },
} as const satisfies Prisma.EntitlementSelect;

/** Requestable entitlements matching a text over name, key, description, system and scope. */
export async function searchCatalogue(
  db: PrismaClient,
  raw: CatalogueSearchInput = {},
): Promise<Page<CatalogueItem>> {
  const input = catalogueSearchInputSchema.parse(raw);
  const filters: Prisma.EntitlementWhereInput[] = [{ requestable: true }];
  if (input.systemKey) filters.push({ system: { key: input.systemKey } });
  if (input.systemId) filters.push({ systemId: input.systemId });
  if (input.riskTier) filters.push({ riskTier: input.riskTier });
  if (input.q) {
    const like = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Scope is JSON: match its text form, which Prisma's filters cannot express.
    const scopeHits = await db.$queryRaw<{ id: string }[]>(
      Prisma.sql`SELECT "id" FROM "Entitlement" WHERE "requestable" AND "scope"::text ILIKE ${like}`,
    );
    const contains = { contains: input.q, mode: "insensitive" as const };
    filters.push({
      OR: [
        { name: contains },
        { key: contains },
        { description: contains },
        { system: { name: contains } },
        { system: { key: contains } },
        ...(scopeHits.length > 0 ? [{ id: { in: scopeHits.map((h) => h.id) } }] : []),
      ],
    });
  }
  const where: Prisma.EntitlementWhereInput = { AND: filters };
  return readPage(
    input,
    () => db.entitlement.count({ where }),
    (window) =>
      db.entitlement.findMany({
        where,
        orderBy: [{ system: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
        ...window,
        select: itemSelect,
      }),
    (row) => ({ ...row, ref: entitlementRef(row) }),
  );
}

export interface CatalogueSystem {
  id: string;
  key: string;
  name: string;
  environment: string;
  riskTier: RiskTier;
  requestableCount: number;
}

/** Systems that have something to request, for the catalogue's system filter. */
export async function listCatalogueSystems(db: PrismaClient): Promise<CatalogueSystem[]> {
  const rows = await db.system.findMany({
    where: { entitlements: { some: { requestable: true } } },
    select: {
      id: true,
      key: true,
      name: true,
      environment: true,
      riskTier: true,
      _count: { select: { entitlements: { where: { requestable: true } } } },
    },
    orderBy: { name: "asc" },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, requestableCount: _count.entitlements }));
}
