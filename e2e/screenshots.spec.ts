import { expect, test, type PersonaKey } from "./fixtures";

const DIR = "test-results/screenshots";

test("screenshots of the sign-in page and every persona's home", async ({ page, signInPage, signInAs }) => {
  await signInPage.goto();
  await page.screenshot({ path: `${DIR}/signin.png`, fullPage: true });

  for (const key of ["riley", "avery", "audrey", "adam"] as PersonaKey[]) {
    const home = await signInAs(key);
    await expect(home.heading).toBeVisible();
    await page.screenshot({ path: `${DIR}/home-${key}.png`, fullPage: true });
    await home.signOut();
  }
});
