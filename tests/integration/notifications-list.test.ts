import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMailConfig } from "@/server/domain/notifications/mail-config";
import { notify } from "@/server/domain/notifications/notify";
import { callerFor, createCatalogue, createTicket, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** Everyone reads and marks their own notifications, and only those, through the API. */
let db: TestDatabase;
let me: TestUser;
let other: TestUser;
let ticket: { id: string; number: number };

beforeAll(async () => {
  setMailConfig(null);
  db = await createTestDatabase();
  me = await createUser(db.prisma, { name: "Avery Approver", roles: ["APPROVER"] });
  other = await createUser(db.prisma, { name: "Olive Other", roles: ["REQUESTER"] });
  const catalogue = await createCatalogue(db.prisma, me.id);
  ticket = await createTicket(db.prisma, { requester: other, status: "PENDING_APPROVAL", catalogue });
  const base = Date.now() - 10 * 60_000;
  // Five for me (one about no ticket), one for someone else; created a minute apart.
  for (let i = 0; i < 5; i++) {
    await db.prisma.$transaction((tx) =>
      notify(tx, [{ userId: me.id, requestId: i === 4 ? null : ticket.id, kind: "approval.reminder", title: `Note ${i}`, body: `Body ${i}` }]),
    );
    await db.prisma.notification.updateMany({ where: { title: `Note ${i}` }, data: { createdAt: new Date(base + i * 60_000) } });
  }
  await db.prisma.$transaction((tx) => notify(tx, [{ userId: other.id, requestId: ticket.id, kind: "request.approved", title: "Not yours", body: "Private" }]));
});

afterAll(async () => {
  setMailConfig(undefined);
  await db?.drop();
});

const mine = () => callerFor(db.prisma, me);
const titles = (items: { title: string }[]) => items.map((i) => i.title);

describe("notifications", () => {
  it("lists only my notifications, newest first, with the ticket reference", async () => {
    const page = await mine().notifications.list({ pageSize: 10 });
    expect(page).toMatchObject({ total: 5, unread: 5, page: 1, pageSize: 10 });
    expect(titles(page.items)).toEqual(["Note 4", "Note 3", "Note 2", "Note 1", "Note 0"]);
    expect(page.items[0]!.ticket).toBeNull();
    expect(page.items[1]!.ticket).toBe(`AR-${String(ticket.number).padStart(6, "0")}`);
    expect(await mine().notifications.unreadCount()).toBe(5);
  });

  it("puts unread ones first and pages", async () => {
    const all = await mine().notifications.list({ pageSize: 10 });
    const note4 = all.items.find((i) => i.title === "Note 4")!;
    expect(await mine().notifications.markRead({ id: note4.id })).toEqual({ unread: 4 });
    // Marking it again is harmless.
    expect(await mine().notifications.markRead({ id: note4.id })).toEqual({ unread: 4 });
    const first = await mine().notifications.list({ pageSize: 2 });
    const third = await mine().notifications.list({ pageSize: 2, page: 3 });
    expect(titles(first.items)).toEqual(["Note 3", "Note 2"]);
    expect(titles(third.items)).toEqual(["Note 4"]);
    expect(third.items[0]!.readAt).toBeInstanceOf(Date);
    expect(first.unread).toBe(4);
  });

  it("refuses to mark someone else's notification, as if it did not exist", async () => {
    const theirs = await db.prisma.notification.findFirstOrThrow({ where: { userId: other.id }, select: { id: true } });
    const error = await mine().notifications.markRead({ id: theirs.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
    const bad = await mine().notifications.markRead({ id: "not-an-id" }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("marks all of mine read and nobody else's", async () => {
    expect(await mine().notifications.markAllRead()).toEqual({ marked: 4, unread: 0 });
    expect(await mine().notifications.unreadCount()).toBe(0);
    expect(await callerFor(db.prisma, other).notifications.unreadCount()).toBe(1);
    expect(await mine().notifications.markAllRead()).toEqual({ marked: 0, unread: 0 });
  });
});
