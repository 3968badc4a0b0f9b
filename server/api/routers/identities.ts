import { createTRPCRouter, protectedProcedure, requesterProcedure } from "@/server/api/trpc";
import { identityDetail, identityDetailInputSchema } from "@/server/domain/identities/detail";
import { identityListInputSchema, listIdentities } from "@/server/domain/identities/list";
import { canOpenIdentity, identityIdInputSchema } from "@/server/domain/identities/visibility";
import { activePeople, ownersInputSchema, requestableSubjects } from "@/server/domain/identities/requestable";

export const identitiesRouter = createTRPCRouter({
  /** Myself, the people I may ask for, and the NHIs I own or back up. */
  requestable: requesterProcedure.query(({ ctx }) => requestableSubjects(ctx.db, ctx.user)),
  /** Active people, for owner, backup owner and sponsor pickers. */
  owners: requesterProcedure.input(ownersInputSchema.partial().optional()).query(({ ctx, input }) => activePeople(ctx.db, input ?? {})),
  /** One identity's access, credentials and history; which identities is the domain's filter. */
  detail: protectedProcedure.input(identityDetailInputSchema).query(({ ctx, input }) => identityDetail(ctx.db, ctx.user, input)),
  /** Whether the viewer may open an identity's page, for the subject link on tickets. */
  canOpen: protectedProcedure.input(identityIdInputSchema).query(({ ctx, input }) => canOpenIdentity(ctx.db, ctx.user, input)),
  /** The identities whose page the viewer may open, searchable by name. */
  list: protectedProcedure.input(identityListInputSchema.partial().optional()).query(({ ctx, input }) => listIdentities(ctx.db, ctx.user, input ?? {})),
});
