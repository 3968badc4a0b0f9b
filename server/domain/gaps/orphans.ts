import type { PrismaClient } from "@/server/db/generated/client";
import { apiKeyOrphans } from "./reconcile/api-keys";
import { certificateOrphans } from "./reconcile/certificates";
import type { ConnectorCheck } from "./reconcile/live";
import { postgresOrphans } from "./reconcile/postgres";
import { webhookOrphans } from "./reconcile/webhook";
import type { GapRow, GapWindow } from "./types";

export type { ConnectorCheck } from "./reconcile/live";

export interface OrphanReconciliation {
  rows: GapRow[];
  checks: ConnectorCheck[];
}

async function manualCheck(db: PrismaClient): Promise<ConnectorCheck> {
  const systems = await db.system.count({ where: { connectorType: "MANUAL" } });
  return {
    connector: "MANUAL",
    label: "Manual",
    status: "cannotReadBack",
    systems,
    checked: 0,
    orphans: 0,
    note: "People set this access up by hand on systems the portal cannot reach; nothing can be read back, so only the fulfillers' attestations speak for them.",
  };
}

/**
 * Orphans: access a target holds that no live grant of an approved ticket explains, found by
 * reading back every connector that can be read, one after the other (an embedded database
 * answers one query at a time anyway). Each connector's read is bounded.
 */
export async function reconcileOrphans(db: PrismaClient, now: Date): Promise<OrphanReconciliation> {
  const results = [await postgresOrphans(db), await apiKeyOrphans(db, now), await certificateOrphans(db, now), await webhookOrphans(db)];
  return { rows: results.flatMap((r) => r.rows), checks: [...results.map((r) => r.check), await manualCheck(db)] };
}

export async function countOrphans(db: PrismaClient, now: Date): Promise<number> {
  return (await reconcileOrphans(db, now)).rows.length;
}

export function orphanPage(all: OrphanReconciliation, w: GapWindow): GapRow[] {
  return all.rows.slice(w.skip, w.skip + w.take);
}
