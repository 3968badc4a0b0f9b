import { appRouter } from "./root";
import { createCallerFactory, createTRPCContext, type TRPCContext } from "./trpc";

const callerFactory = createCallerFactory(appRouter);

/** Calls procedures in-process with the given context (tests, scripts). */
export function createCaller(ctx: TRPCContext) {
  return callerFactory(ctx);
}

/** For server components: the current request's session and the process database. */
export async function createServerCaller(headers: Headers = new Headers()) {
  return callerFactory(await createTRPCContext({ headers }));
}
