import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import {
  listMyNotifications,
  listNotificationsInput,
  markAllNotificationsRead,
  markNotificationRead,
  notificationRefInput,
  unreadCount,
} from "@/server/domain/notifications/list";

/** Everyone's own notifications; each call only ever reads or marks the caller's. */
export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure.input(listNotificationsInput).query(({ ctx, input }) => listMyNotifications(ctx.db, ctx.user, input)),
  unreadCount: protectedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user)),
  markRead: protectedProcedure.input(notificationRefInput).mutation(({ ctx, input }) => markNotificationRead(ctx.db, ctx.user, input.id)),
  markAllRead: protectedProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx.db, ctx.user)),
});
