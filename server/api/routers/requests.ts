import { createTRPCRouter, protectedProcedure, requesterProcedure } from "@/server/api/trpc";
import { connectorFor } from "@/server/connectors/registry";
import { openQuestion } from "@/server/domain/approvals/info-request";
import { collectCredential } from "@/server/domain/fulfilment/collect";
import { attestInput, attestManualChange } from "@/server/domain/fulfilment/manual";
import { activeGrantsFor } from "@/server/domain/identities/active-grants";
import {
  activeGrantsInputSchema,
  answerInfoInputSchema,
  cancelInputSchema,
  commentInputSchema,
  myRequestsInputSchema,
  renewInputSchema,
  requestInputSchema,
  ticketRefSchema,
} from "@/server/domain/requests/input";
import { listMyRequests } from "@/server/domain/requests/list-mine";
import { previewRequest } from "@/server/domain/requests/preview";
import { submitRequest } from "@/server/domain/requests/submit";
import { getTicket } from "@/server/domain/requests/ticket";
import { answerInfoRequest, cancelRequest, commentOnRequest, renewRequest } from "@/server/domain/requests/ticket-actions";

export const requestsRouter = createTRPCRouter({
  /** The decision and approvers a request would get; writes nothing. */
  preview: requesterProcedure.input(requestInputSchema).query(({ ctx, input }) => previewRequest(ctx.db, ctx.user, input)),
  submit: requesterProcedure.input(requestInputSchema).mutation(({ ctx, input }) => submitRequest(ctx.db, ctx.user, input)),
  /** Approvers and auditors read tickets too: the domain's visibility filter decides. */
  get: protectedProcedure.input(ticketRefSchema).query(({ ctx, input }) => getTicket(ctx.db, ctx.user, input.number)),
  mine: requesterProcedure.input(myRequestsInputSchema.partial().optional()).query(({ ctx, input }) => listMyRequests(ctx.db, ctx.user, input ?? {})),
  cancel: requesterProcedure.input(cancelInputSchema).mutation(({ ctx, input }) => cancelRequest(ctx.db, ctx.user, input)),
  comment: protectedProcedure.input(commentInputSchema).mutation(({ ctx, input }) => commentOnRequest(ctx.db, ctx.user, input)),
  /** The requester answers an approver's question; the stage decides again. */
  /** The question an approver asked, for everyone who may see the ticket; only the requester answers it. */
  openQuestion: protectedProcedure.input(ticketRefSchema).query(({ ctx, input }) => openQuestion(ctx.db, ctx.user, input.number)),
  answerInfo: requesterProcedure.input(answerInfoInputSchema).mutation(({ ctx, input }) => answerInfoRequest(ctx.db, ctx.user, input)),
  /** The credential an approved ticket makes (an API key), issued now and shown in this answer only. */
  collectCredential: requesterProcedure.input(ticketRefSchema).mutation(({ ctx, input }) => collectCredential(ctx.db, ctx.user, input, { now: new Date(), connectorFor })),
  /** A system's fulfiller attests a change made by hand, with an artefact whose hash is kept. */
  attestManual: protectedProcedure.input(attestInput).mutation(({ ctx, input }) => attestManualChange(ctx.db, ctx.user, input, new Date())),
  renew: requesterProcedure.input(renewInputSchema).mutation(({ ctx, input }) => renewRequest(ctx.db, ctx.user, input)),
  activeGrants: requesterProcedure.input(activeGrantsInputSchema).query(({ ctx, input }) => activeGrantsFor(ctx.db, ctx.user, input.subjectId)),
});
