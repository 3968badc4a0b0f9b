import { auditorProcedure, createTRPCRouter } from "@/server/api/trpc";
import { auditChainIntegrity } from "@/server/domain/dashboard/integrity";

export const auditRouter = createTRPCRouter({
  /** Walks the whole chain now, bypassing the home page's cached result. */
  verifyChain: auditorProcedure.mutation(({ ctx }) => auditChainIntegrity(ctx.db, { maxAgeMs: 0 })),
});
