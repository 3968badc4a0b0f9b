import type { PrismaClient } from "@/server/db/generated/client";
import { ticketSelect, toTicketDto, type TicketDto } from "./ticket-dto";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "./visibility";

export type { TicketDto } from "./ticket-dto";

/** One ticket with its stages, grants, comments, links and audit timeline, if the viewer may see it. */
export async function getTicket(db: PrismaClient, viewer: Viewer, number: number | string, now: Date = new Date()): Promise<TicketDto> {
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
  return toTicketDto(row, events, viewer, now);
}
