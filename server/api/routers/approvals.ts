import { approverProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listInbox } from "@/server/domain/approvals/inbox";
import { inboxInput } from "@/server/domain/approvals/inbox-input";

export const approvalsRouter = createTRPCRouter({
  inbox: approverProcedure.input(inboxInput).query(({ ctx, input }) => listInbox(ctx.db, ctx.user, input)),
});
