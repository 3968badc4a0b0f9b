import { adminProcedure, auditorProcedure, createTRPCRouter } from "@/server/api/trpc";
import { draftRecurringPattern } from "@/server/domain/gaps/pattern-draft";
import { gapReport, gapSummary } from "@/server/domain/gaps/report";
import { draftPatternInput, gapReportInput } from "@/server/domain/gaps/types";

export const gapsRouter = createTRPCRouter({
  /** Findings per gap report, with each report's severity. */
  summary: auditorProcedure.query(({ ctx }) => gapSummary(ctx.db, new Date())),
  /** One page of one report's findings. */
  report: auditorProcedure.input(gapReportInput).query(({ ctx, input }) => gapReport(ctx.db, new Date(), input)),
  /** Admins: a pre-approved pattern for a recurring entitlement, written into their policy draft for review. */
  draftPattern: adminProcedure.input(draftPatternInput).mutation(({ ctx, input }) => draftRecurringPattern(ctx.db, ctx.user.id, input.entitlementId)),
});
