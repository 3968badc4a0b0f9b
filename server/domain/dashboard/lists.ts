import { z } from "zod";
import type { PrismaClient } from "@/server/db/client";
import { OPEN_REQUEST_STATUSES, requestSummarySelect, toRequestSummary, type RequestSummary } from "./summaries";

export const pageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  openOnly: z.boolean().default(false),
});
export type PageInput = z.input<typeof pageInput>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The viewer's own tickets, newest activity first; the filter on requesterId is the access check. */
export async function listMyRequests(
  db: PrismaClient,
  requesterId: string,
  input: PageInput = {},
): Promise<Page<RequestSummary>> {
  const { page, pageSize, openOnly } = pageInput.parse(input);
  const where = { requesterId, ...(openOnly ? { status: { in: OPEN_REQUEST_STATUSES } } : {}) };
  const [total, rows] = await Promise.all([
    db.accessRequest.count({ where }),
    db.accessRequest.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { number: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: requestSummarySelect,
    }),
  ]);
  return { items: rows.map(toRequestSummary), total, page, pageSize };
}

export interface WaitingItem {
  requestId: string;
  number: string;
  title: string;
  requesterName: string;
  stageName: string;
  dueAt: Date | null;
  overdue: boolean;
  assignedAt: Date;
}

/**
 * Open assignments of the viewer on stages that are deciding now, oldest first. Stages that are
 * still WAITING for an earlier one, and tickets no longer pending, are not the viewer's turn.
 */
export async function listWaitingOnMe(
  db: PrismaClient,
  approverId: string,
  input: PageInput = {},
  now: Date = new Date(),
): Promise<Page<WaitingItem>> {
  const { page, pageSize } = pageInput.parse(input);
  const where = {
    approverId,
    status: "OPEN" as const,
    stage: { status: "PENDING" as const },
    request: { status: "PENDING_APPROVAL" as const },
  };
  const [total, rows] = await Promise.all([
    db.approvalAssignment.count({ where }),
    db.approvalAssignment.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        createdAt: true,
        stage: { select: { name: true, dueAt: true } },
        request: { select: { ...requestSummarySelect, requester: { select: { name: true } } } },
      },
    }),
  ]);
  const items = rows.map((row) => {
    const summary = toRequestSummary(row.request);
    return {
      requestId: summary.id,
      number: summary.number,
      title: summary.title,
      requesterName: row.request.requester.name,
      stageName: row.stage.name,
      dueAt: row.stage.dueAt,
      overdue: row.stage.dueAt !== null && row.stage.dueAt < now,
      assignedAt: row.createdAt,
    };
  });
  return { items, total, page, pageSize };
}
