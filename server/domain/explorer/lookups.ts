import { z } from "zod";
import type { PrismaClient, Prisma } from "@/server/db/generated/client";
import type { IdentityKind, NhiType } from "@/server/db/generated/enums";
import { CONTROLS } from "@/server/domain/controls/catalogue";
import type { Viewer } from "@/server/domain/requests/visibility";

/** The choices of the explorer's filter form that do not depend on typing: systems, entitlements, policy versions, controls. */
export async function explorerOptions(db: PrismaClient) {
  const [systems, entitlements, policyVersions] = await Promise.all([
    db.system.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, key: true } }),
    db.entitlement.findMany({ orderBy: [{ name: "asc" }], select: { id: true, name: true, systemId: true } }),
    db.policyVersion.findMany({ orderBy: { version: "desc" }, select: { version: true, publishedAt: true } }),
  ]);
  return {
    systems,
    entitlements,
    policyVersions,
    controls: CONTROLS.map((c) => ({ id: c.id, framework: c.framework, ref: c.ref, title: c.title })),
  };
}

export const explorerLookupInputSchema = z.object({
  /** A name or e-mail being typed. */
  q: z.string({ error: "q must be text" }).trim().max(100, { error: "q must be at most 100 characters" }).default(""),
  /** Records already chosen (from the URL), to show their names. */
  ids: z.array(z.uuid({ error: "ids must be ids of people or identities" })).max(10, { error: "ids must list at most 10 records" }).default([]),
});
export type ExplorerLookupInput = z.input<typeof explorerLookupInputSchema>;

export interface ExplorerLookup {
  people: { id: string; name: string; email: string }[];
  identities: { id: string; name: string; kind: IdentityKind; nhiType: NhiType | null }[];
}

const LIMIT = 8;

/**
 * People (requesters, approvers) and identities (subjects) by name, for the filter's typeaheads.
 * Identities follow the explorer's visibility: auditors and admins find any; others their own and
 * the NHIs they own or back up.
 */
export async function explorerLookup(db: PrismaClient, viewer: Viewer, raw: ExplorerLookupInput = {}): Promise<ExplorerLookup> {
  const input = explorerLookupInputSchema.parse(raw);
  const text = input.q;
  const byText = text.length > 0;
  const byIds = input.ids.length > 0;
  if (!byText && !byIds) return { people: [], identities: [] };
  const everyone = viewer.roles.includes("AUDITOR") || viewer.roles.includes("ADMIN");
  // Auditors also find people who have left, who approved and asked in their time; others find the
  // active directory the request form already offers.
  const typed: Prisma.UserWhereInput[] = [{ name: { contains: text, mode: "insensitive" } }, { email: { contains: text, mode: "insensitive" } }];
  const peopleWhere: Prisma.UserWhereInput = {
    OR: [...(byText ? [everyone ? { OR: typed } : { active: true, OR: typed }] : []), ...(byIds ? [{ id: { in: input.ids } }] : [])],
  };
  const identityWhere: Prisma.IdentityWhereInput = {
    AND: [
      {
        OR: [
          ...(byText ? [{ displayName: { contains: text, mode: "insensitive" as const } }, { name: { contains: text, mode: "insensitive" as const } }] : []),
          ...(byIds ? [{ id: { in: input.ids } }] : []),
        ],
      },
      everyone ? {} : { OR: [{ userId: viewer.id }, { kind: "NHI", OR: [{ ownerId: viewer.id }, { backupOwnerId: viewer.id }] }] },
    ],
  };
  const [people, identities] = await Promise.all([
    db.user.findMany({ where: peopleWhere, orderBy: { name: "asc" }, take: LIMIT + input.ids.length, select: { id: true, name: true, email: true } }),
    db.identity.findMany({
      where: identityWhere,
      orderBy: { displayName: "asc" },
      take: LIMIT + input.ids.length,
      select: { id: true, displayName: true, kind: true, nhiType: true },
    }),
  ]);
  return { people, identities: identities.map((i) => ({ id: i.id, name: i.displayName, kind: i.kind, nhiType: i.nhiType })) };
}
