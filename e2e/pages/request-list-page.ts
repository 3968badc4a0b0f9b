import { expect, type Locator, type Page } from "@playwright/test";

/** /requests: "My requests", a server-side table whose paging, sorting and filters live in the URL. */
export class RequestListPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly status: Locator;
  readonly kind: Locator;
  readonly pagination: Locator;
  readonly newRequest: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "My requests" });
    this.table = page.getByRole("table", { name: "My requests" });
    const filters = page.getByRole("search", { name: "Filters" });
    this.search = filters.getByRole("searchbox", { name: "Search" });
    this.status = filters.getByRole("combobox", { name: "Status" });
    this.kind = filters.getByRole("combobox", { name: "Kind" });
    this.pagination = page.getByRole("navigation", { name: "Pagination" });
    this.newRequest = page.getByRole("link", { name: "New request" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/requests${query}`);
    await expect(this.heading).toBeVisible();
  }

  rows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }

  sortButton(column: string): Locator {
    return this.table.getByRole("columnheader", { name: column }).getByRole("button");
  }
}
