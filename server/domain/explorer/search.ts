import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import type { ExceptionType, IdentityKind, RequestKind, RequestStatus } from "@/server/db/generated/enums";
import type { ControlId } from "@/server/domain/controls/catalogue";
import type { Page } from "@/server/domain/paging";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { Viewer } from "@/server/domain/requests/visibility";
import { ticketControls } from "@/server/domain/controls/ticket";
import { withoutJit } from "./no-jit";
import { explorerSearchInputSchema, type ExplorerSearchInput, type ExplorerSort } from "./filter";
import { readSnippets, type Snippet } from "./snippet";
import { ticketMatchSql } from "./where";

export interface ExplorerRow {
  id: string;
  number: string;
  numberValue: number;
  kind: RequestKind;
  exceptionType: ExceptionType | null;
  status: RequestStatus;
  requester: { id: string; name: string };
  subject: { id: string; kind: IdentityKind; name: string };
  system: { id: string; name: string } | null;
  entitlement: { id: string; name: string } | null;
  policyVersion: number | null;
  createdAt: Date;
  closedAt: Date | null;
  counts: { decisions: number; grants: number; auditEvents: number };
  controls: ControlId[];
  /** For a text query: where it matched, with the matched words marked. */
  snippet: Snippet | null;
}

export type ExplorerPage = Page<ExplorerRow>;

const ROW_SELECT = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  createdAt: true,
  closedAt: true,
  requester: { select: { id: true, name: true } },
  subject: { select: { id: true, kind: true, displayName: true, nhiType: true, ownerId: true } },
  system: { select: { id: true, name: true } },
  entitlement: { select: { id: true, name: true } },
  policyVersion: { select: { version: true } },
  decisions: { select: { outcome: true } },
  evidence: { select: { kind: true, grant: { select: { type: true } } } },
} as const satisfies Prisma.AccessRequestSelect;

type Row = Prisma.AccessRequestGetPayload<{ select: typeof ROW_SELECT }>;
type Counts = ExplorerRow["counts"];

/**
 * Decisions, grants and audit events of the page's tickets, one indexed count each. (Prisma's
 * _count aggregates the whole AuditEvent table first: half a second at a million events.)
 */
async function readCounts(db: PrismaClient, ids: string[]): Promise<Map<string, Counts>> {
  const rows = await db.$queryRaw<(Counts & { id: string })[]>`
    SELECT r."id",
      (SELECT count(*) FROM "ApprovalDecision" d WHERE d."requestId" = r."id")::int AS "decisions",
      (SELECT count(*) FROM "Grant" g WHERE g."requestId" = r."id")::int AS "grants",
      (SELECT count(*) FROM "AuditEvent" e WHERE e."requestId" = r."id")::int AS "auditEvents"
    FROM "AccessRequest" r WHERE r."id" IN (${Prisma.join(ids)})`;
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

/** ORDER BY for a sort; the ticket number breaks ties so pages never overlap. Status sorts in lifecycle order. */
function orderSql(sort: ExplorerSort, dir: "asc" | "desc"): Prisma.Sql {
  const direction = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  if (sort === "number") return Prisma.sql`r."number" ${direction}`;
  if (sort === "status") return Prisma.sql`r."status" ${direction}, r."number" DESC`;
  return Prisma.sql`r."createdAt" ${direction}, r."number" ${direction}`;
}

/**
 * One page of the tickets the viewer may see that match the filter. The ids and the total come
 * from one SQL condition (ticketMatchSql); the page's display fields from Prisma, by id.
 */
export async function searchTickets(db: PrismaClient, viewer: Viewer, raw: ExplorerSearchInput = {}): Promise<ExplorerPage> {
  const input = explorerSearchInputSchema.parse(raw);
  const where = ticketMatchSql(viewer, input.filter);
  const skip = (input.page - 1) * input.pageSize;
  const [counted, ids] = await withoutJit(db, async (tx) => [
    await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "AccessRequest" r WHERE ${where}`,
    await tx.$queryRaw<{ id: string }[]>`
      SELECT r."id" FROM "AccessRequest" r WHERE ${where}
      ORDER BY ${orderSql(input.sort, input.dir)} LIMIT ${input.pageSize} OFFSET ${skip}`,
  ] as const);
  const pageIds = ids.map((r) => r.id);
  const q = input.filter.q?.trim();
  if (pageIds.length === 0) return { items: [], total: counted[0]?.n ?? 0, page: input.page, pageSize: input.pageSize };
  const [rows, counts, snippets] = await Promise.all([
    db.accessRequest.findMany({ where: { id: { in: pageIds } }, select: ROW_SELECT }),
    readCounts(db, pageIds),
    q ? readSnippets(db, pageIds, q) : Promise.resolve(new Map<string, Snippet>()),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const none: Counts = { decisions: 0, grants: 0, auditEvents: 0 };
  const items = pageIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toRow(row, counts.get(id) ?? none, snippets.get(id) ?? null)] : [];
  });
  return { items, total: counted[0]?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

function toRow(row: Row, counts: Counts, snippet: Snippet | null): ExplorerRow {
  return {
    id: row.id,
    number: formatRequestNumber(row.number),
    numberValue: row.number,
    kind: row.kind,
    exceptionType: row.exceptionType,
    status: row.status,
    requester: row.requester,
    subject: { id: row.subject.id, kind: row.subject.kind, name: row.subject.displayName },
    system: row.system,
    entitlement: row.entitlement,
    policyVersion: row.policyVersion?.version ?? null,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    counts,
    controls: ticketControls({
      kind: row.kind,
      exceptionType: row.exceptionType,
      subject: { kind: row.subject.kind, nhiType: row.subject.nhiType, hasOwner: row.subject.ownerId !== null },
      hasPolicyVersion: row.policyVersion !== null,
      decisions: row.decisions,
      closures: row.evidence.map((e) => ({ kind: e.kind, grantType: e.grant?.type ?? null })),
    }),
    snippet,
  };
}
