import type { Prisma } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";

type Snapshot = Record<string, unknown>;

/**
 * The audit event of a catalogue save, written last in the save's transaction: a create when
 * there is no `before`, an update otherwise; `name` says which record it was in readable terms.
 */
export async function auditCatalogueSave(
  tx: Prisma.TransactionClient,
  actorId: string,
  entity: { type: "System" | "Entitlement"; id: string; name: Snapshot },
  before: Snapshot | null,
  after: Snapshot,
): Promise<void> {
  await appendAuditEvent(tx, {
    actorType: "USER",
    actorId,
    action: `catalogue.${entity.type.toLowerCase()}.${before ? "updated" : "created"}`,
    entityType: entity.type,
    entityId: entity.id,
    data: { ...entity.name, after, ...(before ? { before } : {}) },
  });
}
