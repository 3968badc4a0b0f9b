import { z } from "zod";
import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { seesAllIdentities, visibleIdentityWhere, waitingOn, type IdentityViewer } from "./visibility";

export const identityListInputSchema = z.object({ q: z.string().trim().max(100).default("") });
export type IdentityListInput = z.input<typeof identityListInputSchema>;

export interface IdentityListItem {
  id: string;
  kind: "HUMAN" | "NHI";
  name: string;
  displayName: string;
  nhiType: string | null;
  status: string;
  environment: string | null;
  owner: string | null;
  department: string | null;
  /** How the viewer relates to it, for the list's first column; null when only their role lets them read it. */
  relation: "you" | "your report" | "owner" | "backup owner" | "awaits your approval" | null;
  activeGrants: number;
}

const PAGE = 50;

/**
 * The identities whose page the viewer may open, matching `q` on name or display name: for most
 * people themself, their reports and the NHIs they own; auditors and admins search everyone.
 */
export async function listIdentities(db: PrismaClient, viewer: IdentityViewer, input: IdentityListInput, now: Date = new Date()): Promise<{ items: IdentityListItem[]; total: number; searchesAll: boolean }> {
  const { q } = identityListInputSchema.parse(input);
  const text: Prisma.IdentityWhereInput = q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { displayName: { contains: q, mode: "insensitive" } }] } : {};
  const where: Prisma.IdentityWhereInput = { AND: [await visibleIdentityWhere(db, viewer, now), text] };
  const [rows, total] = await Promise.all([
    db.identity.findMany({
      where,
      orderBy: [{ kind: "asc" }, { displayName: "asc" }, { id: "asc" }],
      take: PAGE,
      select: {
        id: true,
        kind: true,
        name: true,
        displayName: true,
        nhiType: true,
        status: true,
        environment: true,
        ownerId: true,
        backupOwnerId: true,
        owner: { select: { name: true } },
        user: { select: { id: true, managerId: true, department: true } },
        _count: { select: { grants: { where: { status: "ACTIVE" } } } },
        requests: { where: waitingOn(viewer.id, now), select: { id: true }, take: 1 },
      },
    }),
    db.identity.count({ where }),
  ]);
  const relation = (r: (typeof rows)[number]): IdentityListItem["relation"] => {
    if (r.user?.id === viewer.id) return "you";
    if (r.user?.managerId === viewer.id) return "your report";
    if (r.ownerId === viewer.id) return "owner";
    if (r.backupOwnerId === viewer.id) return "backup owner";
    if (r.requests.length > 0) return "awaits your approval";
    return null;
  };
  const items = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    displayName: r.displayName,
    nhiType: r.nhiType,
    status: r.status,
    environment: r.environment,
    owner: r.owner?.name ?? null,
    department: r.user?.department ?? null,
    relation: relation(r),
    activeGrants: r._count.grants,
  }));
  // The viewer's own identities first, then the rest in the query's order.
  const mine = (i: IdentityListItem) => (i.relation === "you" ? 0 : i.relation ? 1 : 2);
  return { items: items.sort((a, b) => mine(a) - mine(b)), total, searchesAll: seesAllIdentities(viewer) };
}
