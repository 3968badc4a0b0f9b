import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listEntitlementRefs, listEntitlements, saveEntitlement } from "@/server/domain/catalogue-admin/entitlements";
import {
  entitlementListInput,
  ownerListInput,
  saveEntitlementInput,
  saveSystemInput,
  systemListInput,
} from "@/server/domain/catalogue-admin/inputs";
import { listOwners, listSystems, saveSystem } from "@/server/domain/catalogue-admin/systems";

/** The admin's catalogue: systems and their requestable entitlements. */
export const catalogueAdminRouter = createTRPCRouter({
  systems: adminProcedure.input(systemListInput).query(({ ctx, input }) => listSystems(ctx.db, input)),
  saveSystem: adminProcedure.input(saveSystemInput).mutation(({ ctx, input }) => saveSystem(ctx.db, ctx.user.id, input)),
  entitlements: adminProcedure.input(entitlementListInput).query(({ ctx, input }) => listEntitlements(ctx.db, input)),
  saveEntitlement: adminProcedure
    .input(saveEntitlementInput)
    .mutation(({ ctx, input }) => saveEntitlement(ctx.db, ctx.user.id, input)),
  entitlementRefs: adminProcedure.query(({ ctx }) => listEntitlementRefs(ctx.db)),
  owners: adminProcedure.input(ownerListInput).query(({ ctx, input }) => listOwners(ctx.db, input.q)),
});
