import type { PrismaClient } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { ExceptionType, IdentityKind, RequestKind, RiskTier } from "@/server/db/generated/enums";
import { requestTitle } from "@/server/domain/dashboard/summaries";
import { readPage, type Page } from "@/server/domain/paging";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { DEFAULT_DIR, inboxInput, type InboxInput, type SlaState } from "./inbox-input";
import { inboxOrderBy, inboxWhere, slaStateOf } from "./inbox-where";

export interface InboxRow {
  id: string;
  assignmentId: string;
  number: number;
  reference: string;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  title: string;
  requester: { name: string; department: string };
  subject: { name: string; kind: IdentityKind };
  riskTier: RiskTier | null;
  riskScore: number | null;
  stage: { position: number; name: string; quorum: number; approvals: number };
  dueAt: Date | null;
  slaState: SlaState;
  waitingSince: Date;
  /** The person the actor decides for, when the assignment is someone else's delegated to them. */
  onBehalfOf: string | null;
}

const inboxSelect = {
  id: true,
  approverId: true,
  createdAt: true,
  approver: { select: { name: true } },
  onBehalfOf: { select: { name: true } },
  stage: {
    select: {
      position: true,
      name: true,
      quorum: true,
      slaHours: true,
      dueAt: true,
      id: true,
    },
  },
  request: {
    select: {
      id: true,
      number: true,
      kind: true,
      exceptionType: true,
      riskTier: true,
      riskScore: true,
      requester: { select: { name: true, department: true } },
      subject: { select: { displayName: true, kind: true } },
      system: { select: { name: true } },
      entitlement: { select: { name: true } },
    },
  },
} as const satisfies Prisma.ApprovalAssignmentSelect;

type InboxDbRow = Prisma.ApprovalAssignmentGetPayload<{ select: typeof inboxSelect }>;

function toInboxRow(row: InboxDbRow, approvals: Map<string, number>, actorId: string, now: Date): InboxRow {
  const { request, stage } = row;
  return {
    id: request.id,
    assignmentId: row.id,
    number: request.number,
    reference: formatRequestNumber(request.number),
    kind: request.kind,
    exceptionType: request.exceptionType,
    title: requestTitle(request),
    requester: { name: request.requester.name, department: request.requester.department },
    subject: { name: request.subject.displayName, kind: request.subject.kind },
    riskTier: request.riskTier,
    riskScore: request.riskScore,
    stage: { position: stage.position, name: stage.name, quorum: stage.quorum, approvals: approvals.get(stage.id) ?? 0 },
    dueAt: stage.dueAt,
    slaState: slaStateOf(stage.dueAt, stage.slaHours, now),
    waitingSince: row.createdAt,
    // Someone else's assignment reached through a live delegation, or one delegated at submit.
    onBehalfOf: row.approverId !== actorId ? row.approver.name : (row.onBehalfOf?.name ?? null),
  };
}

/**
 * The approver's inbox: one row per open assignment waiting on the actor (directly or as a
 * delegate), filtered and ordered in the database. The filter on the actor is the access check.
 */
export async function listInbox(
  db: PrismaClient,
  actor: { id: string },
  input: InboxInput = {},
  now: Date = new Date(),
): Promise<Page<InboxRow>> {
  const query = inboxInput.parse(input);
  const where = await inboxWhere(db, actor.id, query, now);
  const orderBy = inboxOrderBy(query.sort, query.dir ?? DEFAULT_DIR[query.sort]);
  const page = await readPage(
    { page: query.page, pageSize: query.pageSize },
    () => db.approvalAssignment.count({ where }),
    (window) => db.approvalAssignment.findMany({ where, orderBy, ...window, select: inboxSelect }),
    (row) => row,
  );
  // Approvals so far, counted for this page's stages only: a relation count in the select above
  // would aggregate every decision ever recorded.
  const counted =
    page.items.length === 0
      ? []
      : await db.approvalDecision.groupBy({
          by: ["stageId"],
          where: { stageId: { in: page.items.map((row) => row.stage.id) }, outcome: "APPROVE" },
          _count: { _all: true },
        });
  const approvals = new Map(counted.map((c) => [c.stageId, c._count._all]));
  return { ...page, items: page.items.map((row) => toInboxRow(row, approvals, actor.id, now)) };
}
