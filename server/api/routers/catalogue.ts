import { createTRPCRouter, requesterProcedure } from "@/server/api/trpc";
import { catalogueSearchInputSchema, listCatalogueSystems, searchCatalogue } from "@/server/domain/catalogue/search";

export const catalogueRouter = createTRPCRouter({
  search: requesterProcedure.input(catalogueSearchInputSchema.partial().optional()).query(({ ctx, input }) => searchCatalogue(ctx.db, input ?? {})),
  systems: requesterProcedure.query(({ ctx }) => listCatalogueSystems(ctx.db)),
});
