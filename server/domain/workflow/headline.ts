import type { Prisma } from "@/server/db/generated/client";
import { requestTitle } from "@/server/domain/dashboard/summaries";
import { formatRequestNumber } from "@/server/domain/requests/number";

export interface Headline {
  reference: string;
  title: string;
  requesterId: string;
  subjectUserId: string | null;
}

/** What a notification about a ticket calls it: "AR-000123", "Grant Read orders on Orders DB for …". */
export async function ticketHeadline(tx: Prisma.TransactionClient, requestId: string): Promise<Headline> {
  const t = await tx.accessRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: {
      number: true,
      kind: true,
      exceptionType: true,
      requesterId: true,
      subject: { select: { displayName: true, userId: true } },
      system: { select: { name: true } },
      entitlement: { select: { name: true } },
    },
  });
  return { reference: formatRequestNumber(t.number), title: requestTitle(t), requesterId: t.requesterId, subjectUserId: t.subject.userId };
}
