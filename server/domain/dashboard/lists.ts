import { z } from "zod";
import type { PrismaClient } from "@/server/db/client";
import { waitingOnWhere } from "@/server/domain/approvals/inbox-where";
import { readPage, type Page } from "@/server/domain/paging";
import { OPEN_REQUEST_STATUSES, requestSummarySelect, toRequestSummary, type RequestSummary } from "./summaries";

export const pageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  openOnly: z.boolean().default(false),
});
export type PageInput = z.input<typeof pageInput>;

/** The viewer's own tickets, newest activity first; the filter on requesterId is the access check. */
export async function listMyRequests(
  db: PrismaClient,
  requesterId: string,
  input: PageInput = {},
): Promise<Page<RequestSummary>> {
  const { page, pageSize, openOnly } = pageInput.parse(input);
  const where = { requesterId, ...(openOnly ? { status: { in: OPEN_REQUEST_STATUSES } } : {}) };
  return readPage(
    { page, pageSize },
    () => db.accessRequest.count({ where }),
    (window) =>
      db.accessRequest.findMany({ where, orderBy: [{ updatedAt: "desc" }, { number: "desc" }], ...window, select: requestSummarySelect }),
    toRequestSummary,
  );
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
 * What waits on the viewer's decision now, oldest first: the first rows of the approver's inbox.
 */
export async function listWaitingOnMe(
  db: PrismaClient,
  approverId: string,
  input: PageInput = {},
  now: Date = new Date(),
): Promise<Page<WaitingItem>> {
  const { page, pageSize } = pageInput.parse(input);
  // The same rows as the approver's inbox: own assignments and those of people away who delegated.
  const where = await waitingOnWhere(db, approverId, now);
  return readPage(
    { page, pageSize },
    () => db.approvalAssignment.count({ where }),
    (window) =>
      db.approvalAssignment.findMany({
        where,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        ...window,
        select: {
          createdAt: true,
          stage: { select: { name: true, dueAt: true } },
          request: { select: { ...requestSummarySelect, requester: { select: { name: true } } } },
        },
      }),
    (row): WaitingItem => {
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
    },
  );
}
