import { expect, type Locator, type Page } from "@playwright/test";

/** /identities/[id]: who the identity is, the access it holds, its secrets and certificates, and its history. */
export class IdentityPage {
  readonly heading: Locator;
  readonly held: Locator;
  readonly credentials: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.held = page.getByRole("table", { name: "Access held now" });
    this.credentials = page.getByRole("table", { name: "Secrets and certificates" });
    this.history = page.getByRole("list", { name: "History" });
  }

  async expectLoaded(displayName: string): Promise<void> {
    await expect(this.page).toHaveURL(/\/identities\/[^/]+$/);
    await expect(this.heading).toHaveText(displayName);
  }

  /** The rows of a table section, header row left out. */
  rows(table: Locator): Locator {
    return table.locator("tbody").getByRole("row");
  }
}
