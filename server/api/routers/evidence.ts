import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { ticketRefSchema } from "@/server/domain/requests/input";
import { ticketEvidence } from "@/server/domain/evidence/ticket-view";

export const evidenceRouter = createTRPCRouter({
  /** One ticket's evidence with its integrity check; which tickets is the domain's visibility filter. */
  ticket: protectedProcedure.input(ticketRefSchema).query(({ ctx, input }) => ticketEvidence(ctx.db, ctx.user, input.number)),
});
