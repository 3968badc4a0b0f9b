import { expect, type Locator, type Page } from "@playwright/test";

/** /requests/[number]: header with status and risk, decision, approvals, subject, grants, timeline, comments. */
export class RequestTicketPage {
  readonly heading: Locator;
  readonly decision: Locator;
  readonly approvals: Locator;
  readonly subject: Locator;
  readonly grants: Locator;
  /** Tickets that renew, review, change, remove or rotate this one, or that this one acts on. */
  readonly linked: Locator;
  readonly timeline: Locator;
  readonly comments: Locator;
  readonly cancelButton: Locator;
  readonly renewLink: Locator;
  /** The card that issues an approved ticket's API key and shows it once. */
  readonly credential: Locator;
  readonly showKeyButton: Locator;
  readonly collectedKey: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.decision = page.getByRole("region", { name: "Policy decision" });
    this.approvals = page.getByRole("region", { name: "Approvals" });
    this.subject = page.getByRole("region", { name: /^(Person|Non-human identity)$/ });
    this.grants = page.getByRole("region", { name: "Grants and linked tickets" });
    this.linked = this.grants.getByRole("list", { name: "Linked tickets" });
    this.timeline = page.getByRole("list", { name: "Timeline" });
    this.comments = page.getByRole("region", { name: "Comments" });
    this.cancelButton = page.getByRole("button", { name: "Cancel request" });
    this.renewLink = page.getByRole("link", { name: "Request renewal" });
    this.credential = page.getByRole("region", { name: "Your API key is ready" });
    this.showKeyButton = this.credential.getByRole("button", { name: "Show my API key once" });
    this.collectedKey = page.locator("#collected-key");
  }

  async goto(number: string): Promise<void> {
    await this.page.goto(`/requests/${number}`);
    await expect(this.heading).toBeVisible();
  }

  /** A grant of the Grants section by what it grants ("Event ingestion key"). */
  grant(what: string): Locator {
    return this.grants.getByRole("listitem", { name: `Grant: ${what}` });
  }

  /** A link of an active grant's card that starts a change of it: "Change", "Rotate", "Remove access". */
  grantAction(what: string, label: "Change" | "Rotate" | "Remove access"): Locator {
    return this.grant(what).getByRole("link", { name: label, exact: true });
  }

  /** Reloads until the ticket has an API key waiting, which the background fulfilment prepares. */
  async waitForCredential(timeout = 45_000): Promise<void> {
    await expect(async () => {
      await this.page.reload();
      await expect(this.showKeyButton).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
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
