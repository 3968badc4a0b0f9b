import type { Prisma } from "@/server/db/generated/client";
import type { ApproverPerson } from "@/server/domain/workflow/resolve-approvers";

export interface Assignee {
  approverId: string;
  onBehalfOfId: string | null;
}

/**
 * Who receives each approver's assignment: a delegate while the approver is away, when the policy
 * allows delegation. A delegate who may not decide this ticket (its requester or subject) or who
 * already has a say on it would count twice, so the approver keeps the assignment then.
 */
export async function assigneesFor(
  tx: Prisma.TransactionClient,
  approvers: ApproverPerson[],
  options: { excluded: Set<string>; onTicket: Set<string>; delegationAllowed: boolean; now: Date },
): Promise<Assignee[]> {
  const own = approvers.map((a) => ({ approverId: a.id, onBehalfOfId: null }));
  if (!options.delegationAllowed || approvers.length === 0) return own;
  const delegations = await tx.delegation.findMany({
    where: {
      delegatorId: { in: approvers.map((a) => a.id) },
      startsAt: { lte: options.now },
      endsAt: { gt: options.now },
      delegate: { active: true },
    },
    orderBy: [{ startsAt: "desc" }, { id: "asc" }],
    select: { delegatorId: true, delegateId: true },
  });
  if (delegations.length === 0) return own;
  // Roles are filtered here: the PGlite adapter cannot bind an enum array for hasSome.
  const delegates = await tx.user.findMany({ where: { id: { in: delegations.map((d) => d.delegateId) } }, select: { id: true, roles: true } });
  const deciders = new Set(delegates.filter((u) => u.roles.includes("APPROVER") || u.roles.includes("ADMIN")).map((u) => u.id));
  const mayDecide = delegations.filter((d) => deciders.has(d.delegateId));
  const taken = new Set(approvers.map((a) => a.id));
  return approvers.map((a) => {
    const d = mayDecide.find((x) => x.delegatorId === a.id);
    if (!d || options.excluded.has(d.delegateId) || options.onTicket.has(d.delegateId) || taken.has(d.delegateId)) {
      return { approverId: a.id, onBehalfOfId: null };
    }
    taken.add(d.delegateId);
    return { approverId: d.delegateId, onBehalfOfId: a.id };
  });
}
