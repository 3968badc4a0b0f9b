import { approverProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listWaitingOnMe, pageInput } from "@/server/domain/dashboard/lists";

export const approvalsRouter = createTRPCRouter({
  queue: approverProcedure.input(pageInput).query(({ ctx, input }) => listWaitingOnMe(ctx.db, ctx.user.id, input)),
});
