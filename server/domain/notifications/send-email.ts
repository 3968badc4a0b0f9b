import nodemailer, { type Transporter } from "nodemailer";
import type { PrismaClient } from "@/server/db/generated/client";
import { PermanentJobError } from "@/server/jobs/types";
import { renderNotificationEmail } from "./email-content";
import { mailConfig, type MailConfig } from "./mail-config";

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export type EmailOutcome = "sent" | "already-sent" | "skipped";

/**
 * E-mails one notification and records emailedAt. Safe to repeat: a notification already
 * e-mailed is not sent again, and the Message-ID is derived from the notification so a mail
 * system can recognise the one duplicate a crash between sending and recording could cause.
 */
export async function emailNotification(
  db: PrismaClient,
  notificationId: string,
  now: Date,
  config: MailConfig | null = mailConfig(),
): Promise<EmailOutcome> {
  if (!config) throw new PermanentJobError("E-mail is not configured (SMTP_URL and SMTP_FROM) in this process.");
  const note = await db.notification.findUnique({
    where: { id: notificationId },
    select: { title: true, body: true, emailedAt: true, user: { select: { email: true, name: true, active: true } }, request: { select: { number: true } } },
  });
  // The notification went with its user or ticket: nothing left to tell.
  if (!note) return "skipped";
  if (note.emailedAt) return "already-sent";
  if (!note.user.active) return "skipped";
  const content = renderNotificationEmail({
    recipientName: note.user.name,
    title: note.title,
    body: note.body,
    ticketNumber: note.request?.number ?? null,
    portalUrl: config.portalUrl,
  });
  await transportFor(config.smtpUrl).sendMail({
    from: config.from,
    to: { name: note.user.name, address: note.user.email },
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: `<notification-${notificationId}@${new URL(config.portalUrl).hostname}>`,
  });
  await db.notification.updateMany({ where: { id: notificationId, emailedAt: null }, data: { emailedAt: now } });
  return "sent";
}
