import type { Prisma } from "@/server/db/generated/client";

export type NotificationKind =
  | "approval.requested"
  | "approval.reminder"
  | "approval.escalated"
  | "approval.info_requested"
  | "approval.info_provided"
  | "request.approved"
  | "request.denied"
  | "request.expired_undecided"
  | "delegation.started";

export interface NotificationInput {
  userId: string;
  requestId?: string | null;
  kind: NotificationKind;
  title: string;
  body: string;
}

/**
 * Tells people something happened, inside the transaction that made it happen: the in-app
 * notification commits or rolls back with the change it reports.
 */
export async function notify(tx: Prisma.TransactionClient, notes: NotificationInput[]): Promise<void> {
  if (notes.length === 0) return;
  await tx.notification.createMany({
    data: notes.map((n) => ({ userId: n.userId, requestId: n.requestId ?? null, kind: n.kind, title: n.title, body: n.body })),
  });
}
