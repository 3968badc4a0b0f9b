import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setMailConfig } from "@/server/domain/notifications/mail-config";
import { notify, type NotificationInput } from "@/server/domain/notifications/notify";
import { emailNotification } from "@/server/domain/notifications/send-email";
import { defaultHandlers } from "@/server/jobs/handlers";
import { createJobRunner } from "@/server/jobs/runner";
import { createCatalogue, createTicket, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** Notification e-mail through a real SMTP server on loopback: what arrives, to whom, and only once. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

let db: TestDatabase;
let smtp: SMTPServer;
let port: number;
const inbox: Received[] = [];
let recipient: TestUser;
let ticket: { id: string; number: number };
const PORTAL = "https://portal.example.test";
const FROM = "access@portal.example.test";

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: the client would otherwise upgrade to TLS with the server's self-signed test certificate.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        inbox.push({ from: mailFrom ? mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
  recipient = await createUser(db.prisma, { name: "Avery Approver", roles: ["APPROVER"] });
  const requester = await createUser(db.prisma, { name: "Riley Requester", roles: ["REQUESTER"] });
  const catalogue = await createCatalogue(db.prisma, recipient.id);
  ticket = await createTicket(db.prisma, { requester, status: "PENDING_APPROVAL", catalogue });
});

beforeEach(() => {
  inbox.length = 0;
  setMailConfig({ smtpUrl: `smtp://127.0.0.1:${port}`, from: `Access portal <${FROM}>`, portalUrl: `${PORTAL}/` });
});

afterAll(async () => {
  setMailConfig(undefined);
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await db?.drop();
});

const ref = () => `AR-${String(ticket.number).padStart(6, "0")}`;

function note(extra: Partial<NotificationInput> = {}): NotificationInput {
  return {
    userId: recipient.id,
    requestId: ticket.id,
    kind: "approval.reminder",
    title: `Reminder: ${ref()} waits for your decision`,
    body: `Stage "Resource owner" of ${ref()} (Payments DB · Read replica) was due 2026-11-28 09:00 UTC.`,
    ...extra,
  };
}

async function send(input: NotificationInput) {
  await db.prisma.$transaction((tx) => notify(tx, [input]));
  return db.prisma.notification.findFirstOrThrow({ where: { userId: input.userId, title: input.title }, orderBy: { createdAt: "desc" } });
}

function runner() {
  return createJobRunner({ db: db.prisma, handlers: defaultHandlers(() => undefined), log: () => undefined, clock: () => new Date(Date.now() + 1_000) });
}

/** The message's decoded text: quoted-printable soft breaks joined and escapes decoded. */
function decoded(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

describe("notification e-mail", () => {
  it("queues one e-mail job per notification and sends it to the recipient with the ticket link", async () => {
    const n = await send(note());
    const job = await db.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `email.notification:${n.id}` } });
    expect(job).toMatchObject({ type: "email.notification", status: "QUEUED", requestId: ticket.id, payload: { notificationId: n.id } });

    expect(await runner().tick()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual([recipient.email]);
    const text = decoded(mail.raw);
    expect(text).toMatch(new RegExp(`^Subject: Reminder: ${ref()} waits for your decision\\r?$`, "m"));
    expect(text).toMatch(new RegExp(`^To: "?Avery Approver"? <${recipient.email.replace(/\./g, "\\.")}>\\r?$`, "m"));
    expect(text).toContain("Content-Type: multipart/alternative");
    // Plain text part.
    expect(text).toContain("Hello Avery Approver,");
    expect(text).toContain(`Stage "Resource owner" of ${ref()} (Payments DB · Read replica) was due 2026-11-28 09:00 UTC.`);
    expect(text).toContain(`Ticket: ${ref()}`);
    expect(text).toContain(`Open it: ${PORTAL}/requests/${ref()}`);
    // HTML part, with the title escaped into the heading and the link on a button.
    expect(text).toContain(`<a href="${PORTAL}/requests/${ref()}"`);
    expect(text).toContain(`>Open ${ref()}</a>`);
    expect(text).toContain(`Stage &quot;Resource owner&quot; of ${ref()}`);
    // Long headers are folded onto a continuation line.
    expect(text).toMatch(new RegExp(`^Message-ID:\\s+<notification-${n.id}@portal\\.example\\.test>\\r?$`, "m"));

    const after = await db.prisma.notification.findUniqueOrThrow({ where: { id: n.id }, select: { emailedAt: true } });
    expect(after.emailedAt).toBeInstanceOf(Date);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("SUCCEEDED");
  });

  it("never sends one notification twice", async () => {
    const n = await send(note({ title: `Escalated to you: ${ref()}`, kind: "approval.escalated" }));
    await runner().tick();
    expect(inbox).toHaveLength(1);
    // A retried job, or a second job for the same notification, finds it already sent.
    expect(await emailNotification(db.prisma, n.id, new Date())).toBe("already-sent");
    await db.prisma.$transaction((tx) => tx.job.create({ data: { type: "email.notification", payload: { notificationId: n.id } } }));
    await runner().tick();
    expect(inbox).toHaveLength(1);
  });

  it("escapes HTML in the title and body", async () => {
    await send(note({ title: "Approve <b>this</b> & that", body: `<script>alert("x")</script>` }));
    await runner().tick();
    const html = decoded(inbox[0]!.raw).split("Content-Type: text/html")[1]!;
    expect(html).toContain("Approve &lt;b&gt;this&lt;/b&gt; &amp; that");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
  });

  it("retries later when the SMTP server cannot be reached, and leaves emailedAt empty", async () => {
    const closed = await unusedPort();
    setMailConfig({ smtpUrl: `smtp://127.0.0.1:${closed}`, from: FROM, portalUrl: PORTAL });
    const n = await send(note({ title: "Unreachable server" }));
    expect(await runner().tick()).toMatchObject({ retried: 1, succeeded: 0 });
    const job = await db.prisma.job.findUniqueOrThrow({ where: { dedupeKey: `email.notification:${n.id}` } });
    expect(job).toMatchObject({ status: "QUEUED", attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: n.id } })).emailedAt).toBeNull();
    expect(inbox).toEqual([]);
  });

  it("queues no e-mail when SMTP is not configured", async () => {
    setMailConfig(null);
    const n = await send(note({ title: "In the app only" }));
    expect(await db.prisma.job.count({ where: { dedupeKey: `email.notification:${n.id}` } })).toBe(0);
  });

  it("queues nothing when the transaction that notified rolls back", async () => {
    await db.prisma
      .$transaction(async (tx) => {
        await notify(tx, [note({ title: "Rolled back" })]);
        throw new Error("the decision failed");
      })
      .catch(() => undefined);
    expect(await db.prisma.notification.count({ where: { title: "Rolled back" } })).toBe(0);
    expect(await db.prisma.job.count({ where: { type: "email.notification", status: "QUEUED" } })).toBe(1);
  });
});

/** A loopback port with nothing listening on it. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}
