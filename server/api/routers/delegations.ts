import { approverProcedure, createTRPCRouter } from "@/server/api/trpc";
import { delegateCandidates } from "@/server/domain/delegations/candidates";
import { createDelegation } from "@/server/domain/delegations/create";
import { endDelegation } from "@/server/domain/delegations/end";
import { createDelegationInput, delegateCandidatesInput, endDelegationInput } from "@/server/domain/delegations/input";
import { listDelegations } from "@/server/domain/delegations/list";

export const delegationsRouter = createTRPCRouter({
  list: approverProcedure.query(({ ctx }) => listDelegations(ctx.db, ctx.user)),
  candidates: approverProcedure.input(delegateCandidatesInput).query(({ ctx, input }) => delegateCandidates(ctx.db, ctx.user, input)),
  create: approverProcedure.input(createDelegationInput).mutation(({ ctx, input }) => createDelegation(ctx.db, ctx.user, input)),
  end: approverProcedure.input(endDelegationInput).mutation(({ ctx, input }) => endDelegation(ctx.db, ctx.user, input)),
});
