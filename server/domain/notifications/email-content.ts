import { formatRequestNumber } from "@/server/domain/requests/number";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface NotificationEmail {
  recipientName: string;
  title: string;
  body: string;
  /** The ticket's number, when the notification is about one. */
  ticketNumber: number | null;
  portalUrl: string;
}

export function ticketLink(portalUrl: string, ticketNumber: number): string {
  return `${portalUrl}/requests/${formatRequestNumber(ticketNumber)}`;
}

/** Plain text and simple HTML saying the same thing: the title, the body, the ticket and a link to it. */
export function renderNotificationEmail(email: NotificationEmail): EmailContent {
  const ref = email.ticketNumber === null ? null : formatRequestNumber(email.ticketNumber);
  const link = email.ticketNumber === null ? `${email.portalUrl}/` : ticketLink(email.portalUrl, email.ticketNumber);
  const footer = "You receive this because you take part in an access request in the access governance portal.";
  const text = [
    `Hello ${email.recipientName},`,
    "",
    email.body,
    "",
    ...(ref ? [`Ticket: ${ref}`, `Open it: ${link}`] : [`Open the portal: ${link}`]),
    "",
    "--",
    footer,
    "",
  ].join("\n");
  const button = ref ? `Open ${ref}` : "Open the portal";
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#0f172a">
  <div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:24px">
    <h1 style="margin:0 0 12px;font-size:18px">${escapeHtml(email.title)}</h1>
    <p style="margin:0 0 12px">Hello ${escapeHtml(email.recipientName)},</p>
    <p style="margin:0 0 16px;line-height:1.5">${escapeHtml(email.body)}</p>
    ${ref ? `<p style="margin:0 0 16px;color:#475569">Ticket <strong>${ref}</strong></p>` : ""}
    <p style="margin:0 0 24px"><a href="${escapeHtml(link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600">${button}</a></p>
    <p style="margin:0;font-size:12px;color:#64748b">${footer}</p>
  </div>
</body>
</html>
`;
  return { subject: email.title, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
