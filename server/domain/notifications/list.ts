import { z } from "zod";
import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { readPage, type Page } from "@/server/domain/paging";
import { formatRequestNumber } from "@/server/domain/requests/number";

export const listNotificationsInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(50, "must be at most 50").default(10),
});

export const notificationRefInput = z.object({ id: z.uuid("must be a notification id") });

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  /** "AR-000123" when the notification is about a ticket. */
  ticket: string | null;
}

export interface NotificationPage extends Page<NotificationItem> {
  unread: number;
}

interface Reader {
  id: string;
}

/** The reader's own notifications, unread first, then newest first. */
export async function listMyNotifications(db: PrismaClient, reader: Reader, input: z.input<typeof listNotificationsInput>): Promise<NotificationPage> {
  const { page, pageSize } = listNotificationsInput.parse(input);
  const where = { userId: reader.id };
  const [result, unread] = await Promise.all([
    readPage(
      { page, pageSize },
      () => db.notification.count({ where }),
      (window) =>
        db.notification.findMany({
          where,
          // Unread (readAt null) sort first; read ones follow with the latest read on top.
          orderBy: [{ readAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, kind: true, title: true, body: true, createdAt: true, readAt: true, request: { select: { number: true } } },
        }),
      (row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        createdAt: row.createdAt,
        readAt: row.readAt,
        ticket: row.request ? formatRequestNumber(row.request.number) : null,
      }),
    ),
    unreadCount(db, reader),
  ]);
  return { ...result, unread };
}

export async function unreadCount(db: PrismaClient, reader: Reader): Promise<number> {
  return db.notification.count({ where: { userId: reader.id, readAt: null } });
}

/**
 * Marks one of the reader's notifications read (again is fine). Someone else's notification
 * answers NOT_FOUND, exactly like one that does not exist.
 */
export async function markNotificationRead(db: PrismaClient, reader: Reader, id: string, now: Date = new Date()): Promise<{ unread: number }> {
  const own = await db.notification.findFirst({ where: { id, userId: reader.id }, select: { id: true } });
  if (!own) throw new AppError("NOT_FOUND", "No notification with this id.", "id");
  await db.notification.updateMany({ where: { id, userId: reader.id, readAt: null }, data: { readAt: now } });
  return { unread: await unreadCount(db, reader) };
}

export async function markAllNotificationsRead(db: PrismaClient, reader: Reader, now: Date = new Date()): Promise<{ marked: number; unread: number }> {
  const { count } = await db.notification.updateMany({ where: { userId: reader.id, readAt: null }, data: { readAt: now } });
  return { marked: count, unread: await unreadCount(db, reader) };
}
