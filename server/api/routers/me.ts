import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";

export const meRouter = createTRPCRouter({
  /** Who am I: the DB-fresh user the session stands for (the procedure already loaded it). */
  get: protectedProcedure.query(({ ctx }) => ctx.user),
});
