import { expect, type Locator, type Page } from "@playwright/test";

export class SignInPage {
  readonly heading: Locator;
  readonly ssoButton: Locator;
  readonly personas: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.ssoButton = page.getByRole("button", { name: "Sign in with Single sign-on" });
    this.personas = page.getByRole("list", { name: "Demo personas" });
    // Next.js adds an empty route announcer with the same role; ours is the one with text.
    this.error = page.getByRole("alert").filter({ hasText: "Sign-in failed" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/signin${query}`);
    await expect(this.heading).toBeVisible();
  }

  personaButton(name: string): Locator {
    return this.page.getByRole("button", { name: `Sign in as ${name}` });
  }

  async signInAs(name: string): Promise<void> {
    await this.personaButton(name).click();
    await this.page.waitForURL((url) => !url.pathname.startsWith("/signin"));
  }
}
