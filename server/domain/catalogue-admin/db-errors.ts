import { Prisma } from "@/server/db/generated/client";

/**
 * The first of `fields` that a unique-constraint violation names, or null when the error is not
 * one. Driver adapters report the constraint in different members of `meta`, so look at all of it.
 */
export function uniqueViolationField(error: unknown, fields: readonly string[]): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const detail = JSON.stringify(error.meta ?? {}) + error.message;
  return fields.find((field) => detail.includes(field)) ?? fields[0] ?? null;
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
