import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listOverdueRevocations } from "@/server/domain/fulfilment/overdue";

export const fulfilmentRouter = createTRPCRouter({
  /** Expired access that is still on its target, with what its revocation last ran into. */
  overdue: adminProcedure.query(({ ctx }) => listOverdueRevocations(ctx.db, new Date())),
});
