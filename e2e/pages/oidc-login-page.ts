import type { Locator, Page } from "@playwright/test";

/** The identity provider's own login form (oidc-provider's development interaction). */
export class OidcLoginPage {
  readonly login: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.login = page.getByPlaceholder("Enter any login");
    this.password = page.getByPlaceholder("and password");
    this.submit = page.getByRole("button", { name: "Sign-in" });
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.login.fill(login);
    await this.password.fill(password);
    await this.submit.click();
  }
}
