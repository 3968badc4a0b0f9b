import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { getHomeFigures } from "@/server/domain/dashboard/home";

export const dashboardRouter = createTRPCRouter({
  home: protectedProcedure.query(({ ctx }) => getHomeFigures(ctx.db, ctx.user)),
});
