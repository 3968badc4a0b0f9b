import { expect, type Locator, type Page } from "@playwright/test";

/** /approvals: "Waiting on me", a server-side table with filters in the URL and bulk approval of low-risk rows. */
export class InboxPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly risk: Locator;
  readonly kind: Locator;
  readonly sla: Locator;
  readonly clearFilters: Locator;
  readonly selectAllLowRisk: Locator;
  readonly bulkBar: Locator;
  readonly approveSelected: Locator;
  readonly bulkDialog: Locator;
  readonly bulkComment: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Approvals" });
    this.table = page.getByRole("table", { name: "Waiting on me" });
    const filters = page.getByRole("search", { name: "Filters" });
    this.search = filters.getByRole("searchbox", { name: "Search" });
    this.risk = filters.getByRole("combobox", { name: "Risk" });
    this.kind = filters.getByRole("combobox", { name: "Kind" });
    this.sla = filters.getByRole("combobox", { name: "SLA" });
    this.clearFilters = filters.getByRole("button", { name: "Clear filters" });
    this.selectAllLowRisk = this.table.getByRole("checkbox", { name: "Select all low-risk tickets on this page" });
    this.bulkBar = page.getByRole("region", { name: "Bulk approval", exact: true });
    this.approveSelected = this.bulkBar.getByRole("button", { name: "Approve selected" });
    this.bulkDialog = page.getByRole("dialog", { name: /^Approve \d+ tickets?$/ });
    this.bulkComment = this.bulkDialog.getByRole("textbox", { name: /Comment/ });
    this.results = page.getByRole("region", { name: "Bulk approval results" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/approvals${query}`);
    await expect(this.heading).toBeVisible();
  }

  rows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }

  row(reference: string): Locator {
    return this.rows().filter({ has: this.page.getByRole("link", { name: reference, exact: true }) });
  }

  rowCheckbox(reference: string): Locator {
    return this.table.getByRole("checkbox", { name: `Select ${reference} for bulk approval` });
  }

  header(column: string): Locator {
    return this.table.getByRole("columnheader", { name: column, exact: true });
  }

  sortButton(column: string): Locator {
    return this.header(column).getByRole("button");
  }

  /** The ticket references on screen, top to bottom. */
  async references(): Promise<string[]> {
    return this.table.locator("tbody").getByRole("link", { name: /^AR-\d{6}$/ }).allInnerTexts();
  }

  /**
   * The rows on screen once no page is loading, each as its text and SLA state. The previous
   * page stays up while the next one loads, so call this inside expect(...).toPass().
   */
  async settledRows(): Promise<{ text: string; sla: string | null }[]> {
    expect(await this.table.getAttribute("aria-busy")).toBeNull();
    return this.rows().evaluateAll((rows) =>
      rows.map((row) => ({ text: row.textContent ?? "", sla: row.querySelector("[data-sla]")?.getAttribute("data-sla") ?? null })),
    );
  }
}
