import type { ExceptionType, Prisma, PrismaClient, RequestKind, RequestStatus, RiskTier } from "@/server/db/generated/client";
import { OPEN_REQUEST_STATUSES, requestTitle } from "@/server/domain/dashboard/summaries";
import { readPage, type Page } from "@/server/domain/paging";
import { myRequestsInputSchema, type MyRequestsInput } from "./input";
import { formatRequestNumber, parseRequestNumber } from "./number";

export interface MyRequestRow {
  id: string;
  number: string;
  numberValue: number;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  status: RequestStatus;
  title: string;
  subjectName: string;
  relation: "requester" | "subject" | "owner";
  requester: { id: string; name: string };
  subject: { id: string; kind: string; displayName: string };
  entitlement: { id: string; name: string } | null;
  system: { id: string; name: string } | null;
  riskTier: RiskTier | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
}

export type MyRequestsPage = Page<MyRequestRow>;

const rowSelect = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  riskTier: true,
  createdAt: true,
  updatedAt: true,
  expiresAt: true,
  requester: { select: { id: true, name: true } },
  subject: { select: { id: true, kind: true, displayName: true, userId: true } },
  entitlement: { select: { id: true, name: true } },
  system: { select: { id: true, name: true } },
} as const satisfies Prisma.AccessRequestSelect;

/** Tickets I filed, and tickets for me or for an NHI I own or back up: the filter is the access check. */
export function myRequestsWhere(userId: string): Prisma.AccessRequestWhereInput {
  return {
    OR: [
      { requesterId: userId },
      { subject: { userId } },
      { subject: { kind: "NHI", OR: [{ ownerId: userId }, { backupOwnerId: userId }] } },
    ],
  };
}

export async function listMyRequests(db: PrismaClient, actor: { id: string }, raw: MyRequestsInput = {}): Promise<MyRequestsPage> {
  const input = myRequestsInputSchema.parse(raw);
  const filters: Prisma.AccessRequestWhereInput[] = [myRequestsWhere(actor.id)];
  if (input.status.length > 0) filters.push({ status: { in: input.status } });
  else if (input.openOnly) filters.push({ status: { in: OPEN_REQUEST_STATUSES } });
  if (input.kind.length > 0) filters.push({ kind: { in: input.kind } });
  if (input.q) {
    const number = parseRequestNumber(input.q);
    const text: Prisma.AccessRequestWhereInput[] = [
      { justification: { contains: input.q, mode: "insensitive" } },
      { entitlement: { name: { contains: input.q, mode: "insensitive" } } },
      { system: { name: { contains: input.q, mode: "insensitive" } } },
      { subject: { displayName: { contains: input.q, mode: "insensitive" } } },
    ];
    if (number !== null) text.push({ number });
    filters.push({ OR: text });
  }
  const where: Prisma.AccessRequestWhereInput = { AND: filters };
  const order: Prisma.AccessRequestOrderByWithRelationInput =
    input.sort === "expiresAt" ? { expiresAt: { sort: input.dir, nulls: "last" } } : { [input.sort]: input.dir };
  return readPage(
    input,
    () => db.accessRequest.count({ where }),
    (window) =>
      db.accessRequest.findMany({
        where,
        orderBy: input.sort === "number" ? [order] : [order, { number: "desc" }],
        ...window,
        select: rowSelect,
      }),
    (row): MyRequestRow => ({
      id: row.id,
      number: formatRequestNumber(row.number),
      numberValue: row.number,
      kind: row.kind,
      exceptionType: row.exceptionType,
      status: row.status,
      title: requestTitle(row),
      subjectName: row.subject.displayName,
      relation: row.requester.id === actor.id ? "requester" : row.subject.userId === actor.id ? "subject" : "owner",
      requester: row.requester,
      subject: { id: row.subject.id, kind: row.subject.kind, displayName: row.subject.displayName },
      entitlement: row.entitlement,
      system: row.system,
      riskTier: row.riskTier,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      expiresAt: row.expiresAt,
    }),
  );
}
