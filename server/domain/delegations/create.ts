import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import { notify } from "@/server/domain/notifications/notify";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import { createDelegationInput, type CreateDelegationInput } from "./input";
import { describePeriod, overlaps, periodOf, startOfUtcDay } from "./period";
import { toDelegationRow, DELEGATION_SELECT, type DelegationRow } from "./row";

export interface DelegationActor {
  id: string;
  name: string;
  roles: readonly string[];
}

const MAY_DECIDE = ["APPROVER", "ADMIN"];

/**
 * The actor names a delegate for whole days while away. One delegate at a time per delegator,
 * and no chains: a delegate who is away delegating in the same period would pass the tickets on
 * to nobody who is present.
 */
export async function createDelegation(
  db: PrismaClient,
  actor: DelegationActor,
  rawInput: CreateDelegationInput,
  now: Date = new Date(),
): Promise<DelegationRow> {
  const input = createDelegationInput.parse(rawInput);
  const policy = await getCurrentPolicy(db);
  if (!policy.document.approvals.delegationAllowed) {
    throw new AppError("PRECONDITION_FAILED", `Delegation is switched off by policy v${policy.version}; ask an administrator to decide your tickets while you are away.`);
  }
  if (input.delegateId === actor.id) throw new AppError("BAD_REQUEST", "Delegate must be someone else: you cannot delegate to yourself.", "delegateId");
  const period = periodOf(input.startsOn, input.endsOn);
  if (period.startsAt < startOfUtcDay(now)) throw new AppError("BAD_REQUEST", "Start date cannot be in the past: start today or later.", "startsOn");
  if (input.endsOn < input.startsOn) throw new AppError("BAD_REQUEST", "End date must be on or after the start date.", "endsOn");
  const maxDays = policy.document.approvals.maxDelegationDays;
  if (period.days > maxDays) {
    throw new AppError("BAD_REQUEST", `End date makes the delegation ${period.days} days long; policy v${policy.version} allows at most ${maxDays} days.`, "endsOn");
  }

  return db.$transaction(async (tx) => {
    // Both people's rows are locked, in id order so two creates never deadlock: a concurrent
    // create by the same delegator (overlap) or by the delegate (chain) waits for this one.
    const ids = [actor.id, input.delegateId].sort();
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${ids[0]} FOR UPDATE`;
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${ids[1]} FOR UPDATE`;

    const delegate = await tx.user.findUnique({ where: { id: input.delegateId }, select: { id: true, name: true, active: true, roles: true } });
    if (!delegate) throw new AppError("BAD_REQUEST", "Delegate does not exist: pick someone from the list.", "delegateId");
    if (!delegate.active) throw new AppError("BAD_REQUEST", `Delegate ${delegate.name} is not an active user.`, "delegateId");
    if (!delegate.roles.some((r) => MAY_DECIDE.includes(r))) {
      throw new AppError("BAD_REQUEST", `Delegate ${delegate.name} cannot approve: they need the APPROVER or ADMIN role.`, "delegateId");
    }

    const mine = await overlapping(tx, actor.id, period);
    if (mine) {
      throw new AppError(
        "CONFLICT",
        `Start and end dates overlap your delegation to ${mine.delegate.name} (${describePeriod(mine)}); one delegate at a time, so end that one or pick other dates.`,
        "startsOn",
      );
    }
    const theirs = await overlapping(tx, delegate.id, period);
    if (theirs) {
      throw new AppError(
        "CONFLICT",
        `Delegate ${delegate.name} is away themselves from ${describePeriod(theirs)} (delegating to ${theirs.delegate.name}); delegations do not chain, so pick someone who is present.`,
        "delegateId",
      );
    }

    const created = await tx.delegation.create({
      data: { delegatorId: actor.id, delegateId: delegate.id, startsAt: period.startsAt, endsAt: period.endsAt, reason: input.reason || null },
      select: DELEGATION_SELECT,
    });
    await appendAuditEvent(tx, {
      actorType: "USER",
      actorId: actor.id,
      action: "delegation.created",
      entityType: "Delegation",
      entityId: created.id,
      data: {
        delegatorId: actor.id,
        delegateId: delegate.id,
        startsAt: period.startsAt.toISOString(),
        endsAt: period.endsAt.toISOString(),
        days: period.days,
        reason: created.reason,
        policyVersion: policy.version,
      },
    });
    await notify(tx, [
      {
        userId: delegate.id,
        kind: "delegation.started",
        title: `${actor.name} delegated approvals to you`,
        body: `From ${describePeriod(period)} you decide the tickets waiting on ${actor.name}.${created.reason ? ` Reason: ${created.reason}` : ""}`,
      },
    ]);
    return toDelegationRow(created, now);
  }, { maxWait: 15_000, timeout: 30_000 });
}

/** A delegation the person gives that shares an instant with the period, if any. */
async function overlapping(tx: Prisma.TransactionClient, delegatorId: string, period: { startsAt: Date; endsAt: Date }) {
  const rows = await tx.delegation.findMany({
    where: { delegatorId, startsAt: { lt: period.endsAt }, endsAt: { gt: period.startsAt } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, delegate: { select: { name: true } } },
  });
  return rows.find((row) => overlaps(row, period)) ?? null;
}
