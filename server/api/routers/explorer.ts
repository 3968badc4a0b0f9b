import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { explorerFilterSchema, explorerSearchInputSchema } from "@/server/domain/explorer/filter";
import { explorerLookup, explorerLookupInputSchema, explorerOptions } from "@/server/domain/explorer/lookups";
import { controlReport } from "@/server/domain/explorer/report";
import { searchTickets } from "@/server/domain/explorer/search";

/** Every signed-in user searches; which tickets they find is the domain's visibility filter. */
export const explorerRouter = createTRPCRouter({
  search: protectedProcedure.input(explorerSearchInputSchema).query(({ ctx, input }) => searchTickets(ctx.db, ctx.user, input)),
  controlReport: protectedProcedure.input(explorerFilterSchema).query(({ ctx, input }) => controlReport(ctx.db, ctx.user, input)),
  options: protectedProcedure.query(({ ctx }) => explorerOptions(ctx.db)),
  lookup: protectedProcedure.input(explorerLookupInputSchema).query(({ ctx, input }) => explorerLookup(ctx.db, ctx.user, input)),
});
