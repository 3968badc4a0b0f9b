import { expect, type Locator, type Page } from "@playwright/test";

/** /approvals/delegations: the current delegation, the form to plan time away, and the lists given and received. */
export class DelegationPage {
  readonly heading: Locator;
  readonly banner: Locator;
  readonly search: Locator;
  readonly startsOn: Locator;
  readonly endsOn: Locator;
  readonly reason: Locator;
  readonly submitButton: Locator;
  readonly given: Locator;
  readonly received: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Out of office / delegation" });
    this.banner = page.getByRole("region", { name: "Current delegation" });
    this.search = page.getByRole("searchbox", { name: "Search approvers" });
    this.startsOn = page.getByLabel("First day away");
    this.endsOn = page.getByLabel("Last day away");
    this.reason = page.getByRole("textbox", { name: "Reason (optional)" });
    this.submitButton = page.getByRole("button", { name: "Delegate my approvals" });
    this.given = page.getByRole("region", { name: "Delegations I gave" });
    this.received = page.getByRole("region", { name: "Delegations I received" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/approvals/delegations");
    await expect(this.heading).toBeVisible();
  }

  async pickDelegate(query: string, name: string): Promise<void> {
    await this.search.fill(query);
    const row = this.page.getByRole("radiogroup", { name: "Approvers" }).getByRole("radio", { name: new RegExp(`^${name},`) });
    await expect(row).toBeVisible();
    await row.check();
    await expect(row).toBeChecked();
  }

  /** The message shown beside a field (the server's rule). */
  fieldError(id: string): Locator {
    return this.page.locator(`#${id}-error`);
  }

  givenTo(name: string): Locator {
    return this.given.getByRole("listitem").filter({ hasText: `To ${name}` });
  }

  /** Ends a delegation I gave through its confirmation dialog. */
  async endNow(row: Locator): Promise<void> {
    await row.getByRole("button", { name: "End now" }).click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "End now" }).click();
    await expect(dialog).toBeHidden();
  }
}
