import { expect, type Locator, type Page } from "@playwright/test";

/** /evidence: the explorer's search, filters, result table and the export of the result. */
export class EvidenceExplorerPage {
  readonly search: Locator;
  readonly results: Locator;
  readonly status: Locator;
  readonly exportButton: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole("searchbox");
    this.results = page.getByRole("table", { name: "Tickets found" });
    this.status = page.getByRole("status").filter({ hasText: /match/ });
    this.exportButton = page.getByRole("button", { name: /^Export (this result|every ticket)$/ });
  }

  async goto(): Promise<void> {
    await this.page.goto("/evidence");
    await expect(this.page.getByRole("heading", { level: 1, name: "Evidence explorer" })).toBeVisible();
  }

  rows(): Locator {
    return this.results.locator("tbody").getByRole("row");
  }

  /** Presses a status, kind or exception chip. */
  async toggle(group: string, chip: string): Promise<void> {
    await this.page.getByRole("group", { name: group }).getByRole("button", { name: chip, exact: true }).click();
  }
}
