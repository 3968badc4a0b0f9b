import { auditorProcedure, createTRPCRouter } from "@/server/api/trpc";
import { gapReport, gapSummary } from "@/server/domain/gaps/report";
import { gapReportInput } from "@/server/domain/gaps/types";

export const gapsRouter = createTRPCRouter({
  /** Findings per gap report, with each report's severity. */
  summary: auditorProcedure.query(({ ctx }) => gapSummary(ctx.db, new Date())),
  /** One page of one report's findings. */
  report: auditorProcedure.input(gapReportInput).query(({ ctx, input }) => gapReport(ctx.db, new Date(), input)),
});
