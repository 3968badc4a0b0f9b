import { expect, type Locator, type Page } from "@playwright/test";

/** /approvals/[number]: the context to decide on the left, the decision panel (or why not) on the right. */
export class ReviewPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly comment: Locator;
  readonly narrowing: Locator;
  readonly expiry: Locator;
  readonly changes: Locator;
  readonly outcome: Locator;
  readonly whyNot: Locator;
  readonly path: Locator;
  readonly status: Locator;
  readonly sodConflicts: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.form = page.getByRole("form", { name: "Decision" });
    this.comment = this.form.locator("#decision-comment");
    this.narrowing = this.form.locator("summary", { hasText: "Narrow the scope or shorten the expiry" });
    this.expiry = this.form.getByLabel("New expiry (UTC)");
    this.changes = this.form.getByRole("list", { name: "Changes to the request" });
    this.outcome = page.getByRole("status", { name: "Decision recorded" });
    this.whyNot = page.getByRole("note", { name: "Why you cannot decide" });
    this.path = page.getByRole("list", { name: "Approval stages" });
    this.status = page.locator("[data-ticket-status]");
    this.sodConflicts = page.getByRole("region", { name: "Separation of duties conflicts" });
  }

  async goto(number: string): Promise<void> {
    await this.page.goto(`/approvals/${number}`);
    await expect(this.heading).toBeVisible();
  }

  async choose(outcome: "Approve" | "Deny" | "Ask for more information"): Promise<void> {
    await this.form.getByRole("radio", { name: new RegExp(`^${outcome}`) }).check();
  }

  submit(label: "Approve" | "Deny request" | "Send question"): Locator {
    return this.form.getByRole("button", { name: label, exact: true });
  }

  /** The message shown beside a field of the decision form ("comment", "expiresAt", "scope"). */
  fieldError(field: "comment" | "expiresAt" | "scope"): Locator {
    return this.page.locator(`#decision-${field}-error`);
  }

  /** A checkbox of a list the approver may narrow, by its element ("customer-support"). */
  narrowOption(element: string): Locator {
    return this.form.getByRole("checkbox", { name: element, exact: true });
  }

  stage(name: string): Locator {
    return this.path.getByRole("listitem", { name: new RegExp(`^Stage \\d+: ${name}$`) });
  }

  decisions(stageName: string): Locator {
    return this.page.getByRole("list", { name: `Decisions on ${stageName}` });
  }
}
