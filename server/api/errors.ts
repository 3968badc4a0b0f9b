import { TRPCError } from "@trpc/server";
import type { AppError, AppErrorCode } from "@/server/domain/errors";

type TRPCCode = TRPCError["code"];

/** The one place where domain error kinds become transport codes. */
export const APP_ERROR_TO_TRPC: Record<AppErrorCode, TRPCCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: APP_ERROR_TO_TRPC[error.code], message: error.message, cause: error });
}
