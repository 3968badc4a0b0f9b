import { expect, type Locator, type Page } from "@playwright/test";

/** The catalogue search inside the request form: text, system and risk filters, results as radio rows. */
export class CatalogueSearch {
  readonly root: Locator;
  readonly text: Locator;
  readonly system: Locator;
  readonly risk: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("search", { name: "Catalogue" });
    this.text = this.root.getByRole("searchbox", { name: "Search the catalogue" });
    this.system = this.root.getByRole("combobox", { name: "System" });
    this.risk = this.root.getByRole("combobox", { name: "Risk" });
  }

  /** A result row by entitlement name (its accessible name is "<entitlement> on <system>"). */
  result(entitlement: string): Locator {
    return this.page.getByRole("radio", { name: new RegExp(`^${escape(entitlement)} on `) });
  }

  async pick(query: string, entitlement: string): Promise<void> {
    await this.text.fill(query);
    const row = this.result(entitlement);
    await expect(row).toBeVisible();
    await row.check();
    await expect(row).toBeChecked();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
