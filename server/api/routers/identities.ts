import { createTRPCRouter, requesterProcedure } from "@/server/api/trpc";
import { activePeople, ownersInputSchema, requestableSubjects } from "@/server/domain/identities/requestable";

export const identitiesRouter = createTRPCRouter({
  /** Myself, the people I may ask for, and the NHIs I own or back up. */
  requestable: requesterProcedure.query(({ ctx }) => requestableSubjects(ctx.db, ctx.user)),
  /** Active people, for owner, backup owner and sponsor pickers. */
  owners: requesterProcedure.input(ownersInputSchema.partial().optional()).query(({ ctx, input }) => activePeople(ctx.db, input ?? {})),
});
