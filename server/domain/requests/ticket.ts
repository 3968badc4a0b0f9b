import type { Prisma, PrismaClient, RequestKind, RequestStatus } from "@/server/db/generated/client";
import { scopeOf } from "@/server/domain/fulfilment/fulfil";
import { formatRequestNumber } from "./number";
import { ticketSelect, toTicketDto, type TicketDto } from "./ticket-dto";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "./visibility";

export type { TicketDto } from "./ticket-dto";

/** A ticket that changes, removes or rotates another ticket's grant, seen from either side. */
export interface GrantChangeLink {
  relation: "acts on" | "acted on by";
  kind: RequestKind;
  number: string;
  status: RequestStatus;
}

/** One ticket with its stages, grants, comments, links and audit timeline, if the viewer may see it. */
export async function getTicket(db: PrismaClient, viewer: Viewer, number: number | string, now: Date = new Date()): Promise<TicketDto & { grantChanges: GrantChangeLink[] }> {
  const row = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(number) }, visibleTicketWhere(viewer)] },
    select: ticketSelect,
  });
  if (!row) throw notFound();
  const events = await db.auditEvent.findMany({
    where: { requestId: row.id },
    orderBy: { seq: "asc" },
    select: {
      seq: true,
      occurredAt: true,
      actorType: true,
      action: true,
      entityType: true,
      entityId: true,
      data: true,
      actor: { select: { id: true, name: true } },
    },
  });
  return { ...toTicketDto(row, events, viewer, now), grantChanges: await grantChanges(db, row) };
}

/** The ticket whose grant this one changes, and the tickets that changed this one's grants. */
async function grantChanges(db: PrismaClient, row: { id: string; kind: RequestKind; scope: Prisma.JsonValue; grants: { id: string }[] }): Promise<GrantChangeLink[]> {
  const links: GrantChangeLink[] = [];
  const target = row.kind === "MODIFY" || row.kind === "REVOKE" || row.kind === "ROTATE" ? scopeOf({ scope: row.scope, approvedScope: null }).grantId : null;
  if (typeof target === "string") {
    const grant = await db.grant.findUnique({ where: { id: target }, select: { request: { select: { kind: true, number: true, status: true } } } });
    if (grant) links.push({ relation: "acts on", kind: grant.request.kind, number: formatRequestNumber(grant.request.number), status: grant.request.status });
  }
  if (row.grants.length > 0) {
    const changers = await db.accessRequest.findMany({
      where: { kind: { in: ["MODIFY", "REVOKE", "ROTATE"] }, OR: row.grants.map((g) => ({ scope: { path: ["grantId"], equals: g.id } })) },
      orderBy: { number: "asc" },
      select: { kind: true, number: true, status: true },
    });
    links.push(...changers.map((c) => ({ relation: "acted on by" as const, kind: c.kind, number: formatRequestNumber(c.number), status: c.status })));
  }
  return links;
}
