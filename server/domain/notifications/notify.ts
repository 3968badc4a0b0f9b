import { randomUUID } from "node:crypto";
import type { Prisma } from "@/server/db/generated/client";
import { insertRows } from "@/server/db/insert-rows";
import { enqueueMany } from "@/server/jobs/enqueue";
import { EMAIL_NOTIFICATION_JOB, emailJobKey } from "./email-job";
import { mailConfig } from "./mail-config";

export type NotificationKind =
  | "approval.requested"
  | "approval.reminder"
  | "approval.escalated"
  | "approval.info_requested"
  | "approval.info_provided"
  | "request.approved"
  | "request.denied"
  | "request.expired_undecided"
  | "delegation.started"
  | "fulfilment.credential_ready"
  | "fulfilment.manual_task";

export interface NotificationInput {
  userId: string;
  requestId?: string | null;
  kind: NotificationKind;
  title: string;
  body: string;
}

/**
 * Tells people something happened, inside the transaction that made it happen: the in-app
 * notification commits or rolls back with the change it reports. When SMTP is configured each
 * notification also queues one e-mail job (keyed by the notification), sent after the commit.
 */
export async function notify(tx: Prisma.TransactionClient, notes: NotificationInput[]): Promise<void> {
  if (notes.length === 0) return;
  const updatedAt = new Date();
  const rows = notes.map((n) => ({ id: randomUUID(), userId: n.userId, requestId: n.requestId ?? null, kind: n.kind, title: n.title, body: n.body, updatedAt }));
  await insertRows(tx, "Notification", rows);
  if (!mailConfig()) return;
  await enqueueMany(
    tx,
    rows.map((n) => ({ type: EMAIL_NOTIFICATION_JOB, payload: { notificationId: n.id }, dedupeKey: emailJobKey(n.id), requestId: n.requestId })),
  );
}
