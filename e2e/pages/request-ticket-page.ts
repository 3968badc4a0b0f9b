import { expect, type Locator, type Page } from "@playwright/test";

/** /requests/[number]: header with status and risk, decision, approvals, subject, grants, timeline, comments. */
export class RequestTicketPage {
  readonly heading: Locator;
  readonly decision: Locator;
  readonly approvals: Locator;
  readonly subject: Locator;
  readonly grants: Locator;
  readonly timeline: Locator;
  readonly comments: Locator;
  readonly cancelButton: Locator;
  readonly renewLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.decision = page.getByRole("region", { name: "Policy decision" });
    this.approvals = page.getByRole("region", { name: "Approvals" });
    this.subject = page.getByRole("region", { name: /^(Person|Non-human identity)$/ });
    this.grants = page.getByRole("region", { name: "Grants and linked tickets" });
    this.timeline = page.getByRole("list", { name: "Timeline" });
    this.comments = page.getByRole("region", { name: "Comments" });
    this.cancelButton = page.getByRole("button", { name: "Cancel request" });
    this.renewLink = page.getByRole("link", { name: "Request renewal" });
  }

  async goto(number: string): Promise<void> {
    await this.page.goto(`/requests/${number}`);
    await expect(this.heading).toBeVisible();
  }

  stage(name: string): Locator {
    return this.page.getByRole("list", { name: `Approvers of ${name}` });
  }

  async comment(body: string): Promise<void> {
    await this.comments.getByRole("textbox", { name: "Add a comment" }).fill(body);
    await this.comments.getByRole("button", { name: "Post comment" }).click();
    await expect(this.comments.getByRole("list", { name: "Comments" })).toContainText(body);
  }
}
