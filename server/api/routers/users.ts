import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listUsers, userDirectoryInput } from "@/server/domain/users/directory";

export const usersRouter = createTRPCRouter({
  list: adminProcedure.input(userDirectoryInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
});
