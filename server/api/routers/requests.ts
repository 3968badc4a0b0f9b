import { createTRPCRouter, requesterProcedure } from "@/server/api/trpc";
import { listMyRequests, pageInput } from "@/server/domain/dashboard/lists";

export const requestsRouter = createTRPCRouter({
  mine: requesterProcedure.input(pageInput).query(({ ctx, input }) => listMyRequests(ctx.db, ctx.user.id, input)),
});
