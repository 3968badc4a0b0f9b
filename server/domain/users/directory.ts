import { z } from "zod";
import type { PrismaClient } from "@/server/db/client";
import { safeRoles, type Role } from "@/server/auth/roles";
import { readPage } from "@/server/domain/paging";

export const userDirectoryInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
  search: z.string().trim().max(100).optional(),
});
export type UserDirectoryInput = z.input<typeof userDirectoryInput>;

export interface DirectoryUser {
  id: string;
  email: string;
  name: string;
  department: string;
  title: string | null;
  roles: Role[];
  active: boolean;
  managerName: string | null;
}

/** People in the portal with their roles, for administrators. */
export async function listUsers(db: PrismaClient, input: UserDirectoryInput = {}) {
  const { page, pageSize, search } = userDirectoryInput.parse(input);
  const where = search
    ? {
        OR: [
          { name: { contains: search, mode: "insensitive" as const } },
          { email: { contains: search, mode: "insensitive" as const } },
          { department: { contains: search, mode: "insensitive" as const } },
        ],
      }
    : {};
  return readPage(
    { page, pageSize },
    () => db.user.count({ where }),
    (window) =>
      db.user.findMany({
        where,
        orderBy: [{ name: "asc" }, { id: "asc" }],
        ...window,
        select: {
          id: true,
          email: true,
          name: true,
          department: true,
          title: true,
          roles: true,
          active: true,
          manager: { select: { name: true } },
        },
      }),
    ({ manager, roles, ...row }): DirectoryUser => ({
      ...row,
      roles: safeRoles(roles),
      managerName: manager?.name ?? null,
    }),
  );
}
