import { expect, type Locator, type Page } from "@playwright/test";

/** /admin/catalogue: the entitlements and systems tables, and the side panel that edits a row. */
export class AdminCataloguePage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Catalogue" });
    this.filters = page.getByRole("search", { name: "Filters" });
    this.panel = page.getByRole("dialog");
  }

  async goto(view: "entitlements" | "systems" = "entitlements"): Promise<void> {
    await this.page.goto(view === "systems" ? "/admin/catalogue?view=systems" : "/admin/catalogue");
    await expect(this.heading).toBeVisible();
  }

  table(name: "Entitlements" | "Systems"): Locator {
    return this.page.getByRole("table", { name });
  }

  /** Data rows only (the header row has no cells). */
  rows(name: "Entitlements" | "Systems"): Locator {
    return this.table(name).locator("tbody tr");
  }

  async search(text: string): Promise<void> {
    await this.filters.getByRole("searchbox", { name: "Search" }).fill(text);
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`));
  }

  field(label: string): Locator {
    return this.panel.getByLabel(label, { exact: true });
  }
}
