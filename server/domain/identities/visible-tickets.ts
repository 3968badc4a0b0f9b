import type { PrismaClient } from "@/server/db/generated/client";
import { visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { seesAllIdentities } from "./visibility";

/** Which of these tickets the viewer may open; auditors and admins open every one. */
export async function visibleTicketIds(db: PrismaClient, viewer: Viewer, ids: readonly string[], now: Date): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  if (seesAllIdentities(viewer)) return new Set(unique);
  const rows = await db.accessRequest.findMany({ where: { AND: [{ id: { in: unique } }, visibleTicketWhere(viewer, now)] }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
