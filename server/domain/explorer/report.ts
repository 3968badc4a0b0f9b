import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { CONTROLS, type ControlId } from "@/server/domain/controls/catalogue";
import type { Viewer } from "@/server/domain/requests/visibility";
import { controlMatchSql } from "./control-sql";
import { explorerFilterSchema, type ExplorerFilterInput } from "./filter";
import { withoutJit } from "./no-jit";
import { ticketMatchSql } from "./where";

export interface ControlCount {
  id: ControlId;
  framework: string;
  ref: string;
  title: string;
  count: number;
}

export interface ControlReport {
  /** Tickets matching the filter without its control. */
  total: number;
  controls: ControlCount[];
}

/** For the filter without its control: how many of the matching tickets support each control. One query. */
export async function controlReport(db: PrismaClient, viewer: Viewer, raw: ExplorerFilterInput = {}): Promise<ControlReport> {
  const filter = { ...explorerFilterSchema.parse(raw), control: undefined };
  const counts = CONTROLS.map((c, i) => Prisma.sql`count(*) FILTER (WHERE ${controlMatchSql(c.id)})::int AS ${Prisma.raw(`"c${i}"`)}`);
  const [row] = await withoutJit(
    db,
    (tx) => tx.$queryRaw<Record<string, number>[]>`
      SELECT count(*)::int AS "total", ${Prisma.join(counts)} FROM "AccessRequest" r WHERE ${ticketMatchSql(viewer, filter)}`,
  );
  return {
    total: row?.total ?? 0,
    controls: CONTROLS.map((c, i) => ({ id: c.id, framework: c.framework, ref: c.ref, title: c.title, count: row?.[`c${i}`] ?? 0 })),
  };
}
