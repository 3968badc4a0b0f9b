import type { PrismaClient } from "@/server/db/generated/client";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";

/** What an approver asked the requester while the stage waits for an answer. */
export interface OpenQuestion {
  stageName: string;
  question: string;
  askedAt: Date | null;
  askedBy: string;
  /** The approver the asker decides for, when they asked as a delegate. */
  onBehalfOf: string | null;
  /** Only the requester answers; everyone else who may see the ticket reads the question. */
  canAnswer: boolean;
}

interface StoredInfoRequest {
  question?: unknown;
  askedById?: unknown;
  askedAt?: unknown;
  onBehalfOfId?: unknown;
}

const asString = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);

/** The question open on the ticket's stage, or null when no stage is waiting for information. */
export async function openQuestion(db: PrismaClient, viewer: Viewer, number: number | string): Promise<OpenQuestion | null> {
  const ticket = await db.accessRequest.findFirst({
    where: { AND: [{ number: ticketNumber(number) }, visibleTicketWhere(viewer)] },
    select: {
      requesterId: true,
      status: true,
      stages: {
        where: { status: "INFO_REQUESTED" },
        orderBy: { position: "asc" },
        take: 1,
        select: { name: true, infoRequest: true },
      },
    },
  });
  if (!ticket) throw notFound();
  const stage = ticket.stages[0];
  if (!stage) return null;
  const stored = (stage.infoRequest ?? {}) as StoredInfoRequest;
  const question = asString(stored.question);
  if (!question) return null;
  const ids = [asString(stored.askedById), asString(stored.onBehalfOfId)].filter((id): id is string => id !== null);
  const people = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const askedById = asString(stored.askedById);
  const onBehalfOfId = asString(stored.onBehalfOfId);
  const askedAt = asString(stored.askedAt);
  return {
    stageName: stage.name,
    question,
    askedAt: askedAt ? new Date(askedAt) : null,
    askedBy: (askedById && people.get(askedById)) || "An approver",
    onBehalfOf: (onBehalfOfId && people.get(onBehalfOfId)) || null,
    canAnswer: ticket.requesterId === viewer.id && ticket.status === "PENDING_APPROVAL",
  };
}
