import { createTRPCRouter, protectedProcedure, requesterProcedure } from "@/server/api/trpc";
import { identityDetail, identityDetailInputSchema } from "@/server/domain/identities/detail";
import { activePeople, ownersInputSchema, requestableSubjects } from "@/server/domain/identities/requestable";

export const identitiesRouter = createTRPCRouter({
  /** Myself, the people I may ask for, and the NHIs I own or back up. */
  requestable: requesterProcedure.query(({ ctx }) => requestableSubjects(ctx.db, ctx.user)),
  /** Active people, for owner, backup owner and sponsor pickers. */
  owners: requesterProcedure.input(ownersInputSchema.partial().optional()).query(({ ctx, input }) => activePeople(ctx.db, input ?? {})),
  /** One identity's access, credentials and history; which identities is the domain's filter. */
  detail: protectedProcedure.input(identityDetailInputSchema).query(({ ctx, input }) => identityDetail(ctx.db, ctx.user, input)),
});
