import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { Viewer } from "@/server/domain/requests/visibility";

/** More open tasks than this is a backlog to clear, not a list to browse. */
export const MANUAL_TASK_LIMIT = 200;

export interface ManualTaskDto {
  grantId: string;
  number: string;
  /** Set the access up by hand, or take it away by hand. */
  action: "grant" | "remove";
  identity: { name: string; displayName: string; kind: "HUMAN" | "NHI" };
  entitlement: string | null;
  system: { key: string; name: string };
  /** The exact scope to set up or remove, in one line. */
  scopeSummary: string;
  requester: string;
  /** Since when the task waits: the grant's creation, its expiry, or the start of its removal. */
  waitingSince: Date;
  /** When the access must be gone (removals); null for set-ups. */
  dueAt: Date | null;
  /** Why this viewer may not attest it (separation of duties), or null when they may. */
  blockedReason: string | null;
}

export interface ManualTaskList {
  /** Tasks this viewer may attest now. */
  open: number;
  items: ManualTaskDto[];
}

function isAdmin(viewer: Viewer): boolean {
  return viewer.roles.includes("ADMIN");
}

/** Admins fulfil every system without an API; anyone else only the ones they own. */
function ownedBy(viewer: Viewer): Prisma.SystemWhereInput {
  return isAdmin(viewer) ? { connectorType: "MANUAL" } : { connectorType: "MANUAL", ownerId: viewer.id };
}

/** Whether the viewer fulfils anything by hand: an admin, or the owner of a system without an API. */
export async function isManualFulfiller(db: PrismaClient, viewer: Viewer): Promise<boolean> {
  if (isAdmin(viewer)) return true;
  return (await db.system.count({ where: { connectorType: "MANUAL", ownerId: viewer.id } })) > 0;
}

const taskSelect = {
  id: true,
  status: true,
  scope: true,
  createdAt: true,
  updatedAt: true,
  expiresAt: true,
  identity: { select: { name: true, displayName: true, kind: true, userId: true } },
  entitlement: { select: { name: true } },
  request: { select: { number: true, requesterId: true, requester: { select: { name: true } }, system: { select: { key: true, name: true } } } },
} as const satisfies Prisma.GrantSelect;

type TaskRow = Prisma.GrantGetPayload<{ select: typeof taskSelect }>;

/**
 * The changes waiting on the viewer's hands: access approved on a system without an API that
 * nobody has set up yet (a PENDING grant on a FULFILLING ticket), and access on such a system that
 * must go (a grant being revoked, or past its expiry). Oldest first. FORBIDDEN for anyone who
 * neither owns such a system nor is an admin.
 */
export async function listManualTasks(db: PrismaClient, viewer: Viewer, now: Date): Promise<ManualTaskList> {
  if (!(await isManualFulfiller(db, viewer))) {
    throw new AppError("FORBIDDEN", "Fulfilment tasks are for the owners of systems fulfilled by hand, and for admins.");
  }
  const system = ownedBy(viewer);
  const [grants, removals] = await Promise.all([
    db.grant.findMany({
      where: { connectorType: "MANUAL", status: "PENDING", request: { status: "FULFILLING", system } },
      orderBy: { createdAt: "asc" },
      take: MANUAL_TASK_LIMIT,
      select: taskSelect,
    }),
    db.grant.findMany({
      where: { connectorType: "MANUAL", request: { system }, OR: [{ status: "REVOKING" }, { status: "ACTIVE", expiresAt: { lte: now } }] },
      orderBy: { expiresAt: "asc" },
      take: MANUAL_TASK_LIMIT,
      select: taskSelect,
    }),
  ]);
  const items = [...grants.map((g) => toTask(g, "grant", viewer, now)), ...removals.map((g) => toTask(g, "remove", viewer, now))]
    .sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime() || a.number.localeCompare(b.number))
    .slice(0, MANUAL_TASK_LIMIT);
  return { open: items.filter((t) => t.blockedReason === null).length, items };
}

function toTask(g: TaskRow, action: ManualTaskDto["action"], viewer: Viewer, now: Date): ManualTaskDto {
  const expired = g.expiresAt !== null && g.expiresAt <= now;
  const own = g.request.requesterId === viewer.id || g.identity.userId === viewer.id;
  return {
    grantId: g.id,
    number: formatRequestNumber(g.request.number),
    action,
    identity: { name: g.identity.name, displayName: g.identity.displayName, kind: g.identity.kind },
    entitlement: g.entitlement?.name ?? null,
    system: g.request.system ?? { key: "unknown", name: "Unknown system" },
    scopeSummary: summarizeScope(g.scope),
    requester: g.request.requester.name,
    waitingSince: action === "grant" ? g.createdAt : expired ? g.expiresAt! : g.updatedAt,
    dueAt: action === "remove" ? g.expiresAt : null,
    blockedReason: own ? "Your own request or access: another fulfiller (an admin) attests it." : null,
  };
}

/** The task shows the system, identity and entitlement in their own columns. */
const NAMED_ELSEWHERE = new Set(["system", "identity", "entitlement"]);

/** A scope object in one line: `role: refunds · limit: currency EUR, perRefund 5000`. */
export function summarizeScope(scope: Prisma.JsonValue): string {
  if (!scope || typeof scope !== "object" || Array.isArray(scope)) return "as catalogued";
  const value = (v: Prisma.JsonValue): string => {
    if (Array.isArray(v)) return v.map(value).join(", ");
    if (v && typeof v === "object") return Object.entries(v).map(([k, inner]) => `${k} ${value(inner ?? null)}`).join(", ");
    return String(v);
  };
  const parts = Object.entries(scope)
    .filter(([k]) => !NAMED_ELSEWHERE.has(k))
    .map(([k, v]) => `${k}: ${value(v ?? null)}`);
  return parts.length ? parts.join(" · ") : "as catalogued";
}
