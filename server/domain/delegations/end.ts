import type { PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { notify } from "@/server/domain/notifications/notify";
import type { DelegationActor } from "./create";
import { endDelegationInput, type EndDelegationInput } from "./input";
import { describePeriod, statusOf } from "./period";
import { DELEGATION_SELECT, toDelegationRow, type DelegationRow } from "./row";

/**
 * Ends a delegation early; nothing is deleted. One rule: the end moves to now, or, for one that
 * has not started, to its start, so it never takes effect. Assignments the delegate already
 * received on the delegator's behalf stay with the delegate.
 */
export async function endDelegation(
  db: PrismaClient,
  actor: DelegationActor,
  rawInput: EndDelegationInput,
  now: Date = new Date(),
): Promise<DelegationRow> {
  const { id } = endDelegationInput.parse(rawInput);
  const isAdmin = actor.roles.includes("ADMIN");
  const mayEnd = { id, ...(isAdmin ? {} : { delegatorId: actor.id }) };
  const found = await db.delegation.findFirst({ where: mayEnd, select: { delegatorId: true } });
  if (!found) throw new AppError("NOT_FOUND", "No delegation with this id that you may end.", "id");

  return db.$transaction(async (tx) => {
    // The same lock as a create by this delegator, so an end and a create never interleave.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${found.delegatorId} FOR UPDATE`;
    const row = await tx.delegation.findFirstOrThrow({ where: mayEnd, select: DELEGATION_SELECT });
    const from = statusOf(row, now);
    if (from === "ended" || from === "cancelled") {
      throw new AppError("PRECONDITION_FAILED", `This delegation already ended (${describePeriod(row)}); there is nothing to end.`, "id");
    }
    const endsAt = from === "upcoming" ? row.startsAt : now;
    const updated = await tx.delegation.update({ where: { id }, data: { endsAt }, select: DELEGATION_SELECT });
    await appendAuditEvent(tx, {
      actorType: "USER",
      actorId: actor.id,
      action: "delegation.ended",
      entityType: "Delegation",
      entityId: id,
      data: {
        delegatorId: row.delegator.id,
        delegateId: row.delegate.id,
        from,
        previousEndsAt: row.endsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        byAdmin: actor.id !== row.delegator.id,
      },
    });
    await notify(tx, [
      {
        userId: row.delegate.id,
        kind: "delegation.started",
        title: from === "upcoming" ? `${row.delegator.name} cancelled a planned delegation to you` : `${row.delegator.name} is back: delegation ended`,
        body:
          from === "upcoming"
            ? `You will not decide for ${row.delegator.name} from ${describePeriod(row)}.`
            : `New tickets for ${row.delegator.name} go to them again. Tickets already assigned to you on their behalf stay with you.`,
      },
    ]);
    return toDelegationRow(updated, now);
  }, { maxWait: 15_000, timeout: 30_000 });
}
