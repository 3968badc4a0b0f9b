import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { suggestedPatterns } from "@/server/domain/gaps/suggestions";
import { suggestedPatternsInput } from "@/server/domain/gaps/types";
import { getDraft, importIntoDraft, saveDraft, validateDraft } from "@/server/domain/policy-admin/draft";
import { exportPolicy } from "@/server/domain/policy-admin/export";
import {
  exportPolicyInput,
  importPolicyInput,
  policyDocumentInput,
  policyVersionInput,
  publishPolicyInput,
  rollbackPolicyInput,
  simulateDraftInput,
} from "@/server/domain/policy-admin/inputs";
import { publishDraft, rollbackTo } from "@/server/domain/policy-admin/publish";
import { diffDraft, simulateDraft } from "@/server/domain/policy-admin/review";
import { currentPolicyVersion, getPolicyVersion, listPolicyVersions } from "@/server/domain/policy/store";

/** The admin's policy configuration: a working draft, its review, and immutable published versions. */
export const policyRouter = createTRPCRouter({
  current: adminProcedure.query(({ ctx }) => currentPolicyVersion(ctx.db)),
  versions: adminProcedure.query(({ ctx }) => listPolicyVersions(ctx.db)),
  version: adminProcedure.input(policyVersionInput).query(({ ctx, input }) => getPolicyVersion(ctx.db, input.id)),
  draft: adminProcedure.query(({ ctx }) => getDraft(ctx.db, ctx.user.id)),
  saveDraft: adminProcedure.input(policyDocumentInput).mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.user.id, input.document, input.basedOn)),
  validateDraft: adminProcedure.query(({ ctx }) => validateDraft(ctx.db, ctx.user.id)),
  diffDraft: adminProcedure.query(({ ctx }) => diffDraft(ctx.db, ctx.user.id)),
  simulateDraft: adminProcedure.input(simulateDraftInput).query(({ ctx, input }) => simulateDraft(ctx.db, ctx.user.id, input.days)),
  publish: adminProcedure.input(publishPolicyInput).mutation(({ ctx, input }) => publishDraft(ctx.db, ctx.user.id, input.note)),
  rollback: adminProcedure
    .input(rollbackPolicyInput)
    .mutation(({ ctx, input }) => rollbackTo(ctx.db, ctx.user.id, input.version, input.note)),
  export: adminProcedure.input(exportPolicyInput).query(({ ctx, input }) => exportPolicy(ctx.db, input.version)),
  importDraft: adminProcedure.input(importPolicyInput).mutation(({ ctx, input }) => importIntoDraft(ctx.db, ctx.user.id, input.json)),
  /** Entitlements many different people keep asking for (the recurring-requests gap report), as pre-approved patterns to draft. */
  suggestedPatterns: adminProcedure.input(suggestedPatternsInput).query(({ ctx, input }) => suggestedPatterns(ctx.db, new Date(), input)),
});
