import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listManualTasks } from "@/server/domain/fulfilment/manual-tasks";
import { listOverdueRevocations } from "@/server/domain/fulfilment/overdue";

export const fulfilmentRouter = createTRPCRouter({
  /** Expired access that is still on its target, with what its revocation last ran into. */
  overdue: adminProcedure.query(({ ctx }) => listOverdueRevocations(ctx.db, new Date())),
  /** Changes by hand waiting on the viewer: system owners see their systems', admins all (the domain answers FORBIDDEN to anyone else). */
  myTasks: protectedProcedure.query(({ ctx }) => listManualTasks(ctx.db, ctx.user, new Date())),
});
