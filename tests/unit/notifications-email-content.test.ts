import { describe, expect, it } from "vitest";
import { renderNotificationEmail, ticketLink } from "@/server/domain/notifications/email-content";

describe("notification e-mail content", () => {
  const base = { recipientName: "Avery", title: "Escalated to you: AR-000042", body: "Stage \"Manager\" is overdue.", portalUrl: "https://portal.example.com" };

  it("uses the title as the subject and links the ticket in both parts", () => {
    const mail = renderNotificationEmail({ ...base, ticketNumber: 42 });
    expect(mail.subject).toBe("Escalated to you: AR-000042");
    expect(mail.text).toContain("Hello Avery,");
    expect(mail.text).toContain('Stage "Manager" is overdue.');
    expect(mail.text).toContain("Ticket: AR-000042\nOpen it: https://portal.example.com/requests/AR-000042");
    expect(mail.html).toContain('<a href="https://portal.example.com/requests/AR-000042"');
    expect(mail.html).toContain("Stage &quot;Manager&quot; is overdue.");
  });

  it("links the portal when the notification is about no ticket", () => {
    const mail = renderNotificationEmail({ ...base, ticketNumber: null });
    expect(mail.text).toContain("Open the portal: https://portal.example.com/");
    expect(mail.text).not.toContain("Ticket:");
    expect(mail.html).toContain(">Open the portal</a>");
  });

  it("builds ticket links from the base URL", () => {
    expect(ticketLink("http://localhost:3000", 7)).toBe("http://localhost:3000/requests/AR-000007");
  });
});
