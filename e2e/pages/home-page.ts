import { expect, type Locator, type Page } from "@playwright/test";

/** The persona home: figures are labelled regions, lists are labelled lists. */
export class HomePage {
  readonly heading: Locator;
  readonly signOutButton: Locator;
  readonly signedInUser: Locator;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.signedInUser = page.getByRole("region", { name: "Signed-in user" });
    this.nav = page.getByRole("navigation", { name: "Main" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.heading).toContainText("Welcome back");
  }

  stat(label: string): Locator {
    return this.page.getByRole("region", { name: label, exact: true });
  }

  /** The figure of a stat card as a number (thousands separators removed). */
  async statValue(label: string): Promise<number> {
    const text = await this.stat(label).getByTestId("stat-value").innerText();
    return Number(text.replace(/[^\d]/g, ""));
  }

  list(label: string): Locator {
    return this.page.getByRole("list", { name: label, exact: true });
  }

  panel(title: string): Locator {
    return this.page.getByRole("region", { name: title, exact: true });
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.page.waitForURL((url) => url.pathname === "/signin");
  }
}
