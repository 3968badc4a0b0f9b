import { expect, test } from "./fixtures";
import { SSO_ACCOUNT } from "./oidc-server";
import { OidcLoginPage } from "./pages/oidc-login-page";

test("single sign-on provisions a new person just in time and signs them in", async ({ page, signInPage, homePage }) => {
  await signInPage.goto();
  await signInPage.ssoButton.click();

  await page.waitForURL((url) => url.port === "3199");
  await new OidcLoginPage(page).signIn(SSO_ACCOUNT.login, SSO_ACCOUNT.password);

  await page.waitForURL((url) => url.port === "3100" && url.pathname === "/");
  await expect(homePage.heading).toHaveText("Welcome back, Sam");
  await expect(homePage.signedInUser).toContainText(SSO_ACCOUNT.name);
  await expect(homePage.signedInUser).toContainText(SSO_ACCOUNT.login);
  await expect(homePage.signedInUser).toContainText("Requester");
  // A brand-new account has asked for nothing yet.
  expect(await homePage.statValue("My open requests")).toBe(0);
  await expect(homePage.panel("My requests in progress").getByText("No open requests")).toBeVisible();
});
