/**
 * The tRPC spine: context, error pipeline and procedure builders. Nothing else builds procedures.
 *
 * Route handler (app/api/trpc/[trpc]/route.ts):
 *   fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter,
 *     createContext: () => createTRPCContext({ headers: req.headers }) })
 * with `appRouter` from "@/server/api/root" and `createTRPCContext` from here.
 * Server components and tests call procedures through `createCaller` in "@/server/api/caller".
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { getServerSession } from "next-auth";
import superjson from "superjson";
import { ZodError } from "zod";
import { authOptions } from "@/server/auth/options";
import { rolesFor, type Area } from "@/server/auth/roles";
import type { PortalSession } from "@/server/auth/types";
import { getPrisma, type PrismaClient } from "@/server/db/client";
import { AppError } from "@/server/domain/errors";
import { findActiveUser } from "@/server/domain/users/account";
import { toTRPCError } from "./errors";

export interface TRPCContext {
  db: PrismaClient;
  session: PortalSession | null;
  headers?: Headers;
}

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const session = await getServerSession(authOptions);
  return {
    db: await getPrisma(),
    session: session?.user?.id ? { user: session.user, expires: session.expires } : null,
    headers: opts.headers,
  };
}

const GENERIC_MESSAGE = "Something went wrong on our side. The problem was logged.";

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      console.error(`[trpc] ${path ?? "<unknown>"} failed:`, error.cause ?? error);
      return { ...shape, message: GENERIC_MESSAGE, data: { ...shape.data, stack: undefined, fieldErrors: null } };
    }
    return { ...shape, data: { ...shape.data, fieldErrors: fieldErrorsOf(error.cause) } };
  },
});

/** zod issues (and an AppError naming a field) as `path -> first message`, for forms. */
function fieldErrorsOf(cause: unknown): Record<string, string> | null {
  if (cause instanceof ZodError) {
    const errors: Record<string, string> = {};
    for (const issue of cause.issues) {
      const key = issue.path.map(String).join(".") || "_form";
      errors[key] ??= issue.message;
    }
    return errors;
  }
  if (cause instanceof AppError && cause.field) return { [cause.field]: cause.message };
  return null;
}

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Domain errors leave every procedure as the tRPC error the one map in ./errors names. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

/** A signed-in, active user, re-read from the database on every call. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const id = ctx.session?.user.id;
  if (!id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const user = await findActiveUser(ctx.db, id);
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account is not active." });
  return next({ ctx: { ...ctx, session: ctx.session!, user } });
});

/** One middleware for every role gate: FORBIDDEN names the role that is missing. */
export function areaProcedure(area: Area) {
  const allowed = rolesFor(area);
  return protectedProcedure.use(({ ctx, next }) => {
    if (!ctx.user.roles.some((role) => allowed.includes(role))) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${allowed.join(" or ")} role.`,
      });
    }
    return next();
  });
}

export const requesterProcedure = areaProcedure("requester");
export const approverProcedure = areaProcedure("approver");
export const auditorProcedure = areaProcedure("auditor");
export const adminProcedure = areaProcedure("admin");
