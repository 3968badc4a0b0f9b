import { Prisma } from "@/server/db/generated/client";
import { parseRequestNumber } from "@/server/domain/requests/number";
import type { Viewer } from "@/server/domain/requests/visibility";
import { controlMatchSql } from "./control-sql";
import type { ExplorerFilter } from "./filter";

/**
 * Which tickets the explorer shows a viewer: auditors and admins see every ticket; anyone else
 * the tickets they requested, the tickets for their own identity, and those of NHIs they own or
 * back up. Approvers find the tickets they decide in their inbox, not here.
 */
export function explorerVisibilitySql(viewer: Viewer): Prisma.Sql {
  if (viewer.roles.includes("AUDITOR") || viewer.roles.includes("ADMIN")) return Prisma.sql`TRUE`;
  return Prisma.sql`(r."requesterId" = ${viewer.id} OR EXISTS (
    SELECT 1 FROM "Identity" vi WHERE vi."id" = r."subjectId"
      AND (vi."userId" = ${viewer.id} OR (vi."kind" = 'NHI' AND (vi."ownerId" = ${viewer.id} OR vi."backupOwnerId" = ${viewer.id})))))`;
}

/** The query as PostgreSQL reads a search box: words, "quoted phrases", OR, -excluded. */
export function textQuerySql(q: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('english'::regconfig, ${q})`;
}

/**
 * Matches the text in the ticket's justification or scope, a comment, or an approver's comment; or
 * the ticket's number. The matching ids come from one uncorrelated subquery per table, so each
 * can use its GIN index instead of testing every ticket's comments one by one.
 */
function textMatchSql(q: string): Prisma.Sql {
  const query = textQuerySql(q);
  const ids = Prisma.sql`
    SELECT ta."id" FROM "AccessRequest" ta WHERE ta."searchVector" @@ ${query}
    UNION SELECT tc."requestId" FROM "Comment" tc WHERE tc."searchVector" @@ ${query}
    UNION SELECT td."requestId" FROM "ApprovalDecision" td WHERE td."searchVector" @@ ${query}`;
  const number = parseRequestNumber(q);
  return number === null ? Prisma.sql`r."id" IN (${ids})` : Prisma.sql`(r."id" IN (${ids}) OR r."number" = ${number})`;
}

/** `column::text IN (values)`: enum columns compared by their labels. */
function oneOf(column: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return Prisma.sql`${column}::text IN (${Prisma.join(values)})`;
}

/**
 * One boolean SQL condition over "AccessRequest" r: the viewer may see the ticket AND it passes
 * every set field of the filter. Pure: it builds SQL and reads nothing. Search results, the
 * per-control report and evidence packs of a search all use it, so they always agree.
 */
export function ticketMatchSql(viewer: Viewer, filter: ExplorerFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [explorerVisibilitySql(viewer)];
  const q = filter.q?.trim();
  if (q) parts.push(textMatchSql(q));
  if (filter.identityId) parts.push(Prisma.sql`r."subjectId" = ${filter.identityId}`);
  if (filter.systemId) parts.push(Prisma.sql`r."systemId" = ${filter.systemId}`);
  if (filter.entitlementId) parts.push(Prisma.sql`r."entitlementId" = ${filter.entitlementId}`);
  if (filter.requesterId) parts.push(Prisma.sql`r."requesterId" = ${filter.requesterId}`);
  if (filter.approverId) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ApprovalDecision" ad WHERE ad."requestId" = r."id"
      AND (ad."approverId" = ${filter.approverId} OR ad."onBehalfOfId" = ${filter.approverId}))`);
  }
  if (filter.status?.length) parts.push(oneOf(Prisma.sql`r."status"`, filter.status));
  if (filter.kind?.length) parts.push(oneOf(Prisma.sql`r."kind"`, filter.kind));
  if (filter.exceptionType?.length) parts.push(oneOf(Prisma.sql`r."exceptionType"`, filter.exceptionType));
  if (filter.policyVersion !== undefined) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "PolicyVersion" pv WHERE pv."id" = r."policyVersionId" AND pv."version" = ${filter.policyVersion})`);
  }
  // Whole UTC days: from its first instant, to the first instant of the day after `to`.
  if (filter.from) parts.push(Prisma.sql`r."createdAt" >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to) parts.push(Prisma.sql`r."createdAt" < (${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (filter.control) parts.push(controlMatchSql(filter.control));
  return Prisma.sql`(${Prisma.join(parts, " AND ")})`;
}
