import { approverProcedure, createTRPCRouter } from "@/server/api/trpc";
import { bulkApprove, bulkApproveInput } from "@/server/domain/approvals/bulk";
import { listInbox } from "@/server/domain/approvals/inbox";
import { inboxInput } from "@/server/domain/approvals/inbox-input";
import { reviewInput, reviewTicket } from "@/server/domain/approvals/review";
import { decideInput, decideStage } from "@/server/domain/workflow/decide";

export const approvalsRouter = createTRPCRouter({
  inbox: approverProcedure.input(inboxInput).query(({ ctx, input }) => listInbox(ctx.db, ctx.user, input)),
  review: approverProcedure.input(reviewInput).query(({ ctx, input }) => reviewTicket(ctx.db, ctx.user, input)),
  decide: approverProcedure.input(decideInput).mutation(({ ctx, input }) => decideStage(ctx.db, ctx.user, input)),
  bulkApprove: approverProcedure.input(bulkApproveInput).mutation(({ ctx, input }) => bulkApprove(ctx.db, ctx.user, input)),
});
