import { expect, persona, test } from "./fixtures";

test.describe("sign-in and sign-out", () => {
  test("an unauthenticated visit to home goes to the sign-in page", async ({ page, signInPage }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
    await expect(signInPage.heading).toHaveText("Access governance portal");
    for (const key of ["riley", "avery", "audrey", "adam"] as const) {
      await expect(signInPage.personaButton(persona(key).name)).toBeVisible();
    }
    await expect(signInPage.ssoButton).toBeVisible();
  });

  test("the API refuses a call without a session", async ({ request }) => {
    const response = await request.get("/api/trpc/dashboard.home");
    expect(response.status()).toBe(401);
  });

  test("persona cards can be chosen with the keyboard", async ({ page, signInPage, homePage }) => {
    await signInPage.goto();
    await signInPage.personaButton(persona("riley").name).focus();
    await page.keyboard.press("Enter");
    await expect(homePage.heading).toHaveText("Welcome back, Riley");
  });

  test("signing out returns to the sign-in page and home is closed again", async ({ page, signInAs }) => {
    const home = await signInAs("avery");
    // Signed in, the sign-in page has nothing to offer and sends the person home.
    await page.goto("/signin");
    await expect(page).toHaveURL(/127\.0\.0\.1:3100\/$/);
    await home.signOut();
    await expect(page.getByRole("button", { name: `Sign in as ${persona("avery").name}` })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a refused demo sign-in comes back to the sign-in page with an explanation", async ({ page, signInPage }) => {
    // The same request the persona picker sends, for an address nobody in the seed has.
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await page.request.post("/api/auth/callback/demo", {
      form: { email: "nobody@acme.example", csrfToken, callbackUrl: "/", json: "true" },
    });
    expect(response.status()).toBe(401);
    const { url } = (await response.json()) as { url: string };

    await page.goto(url);
    await expect(page).toHaveURL(/\/signin\?(.*&)?error=CredentialsSignin/);
    await expect(signInPage.error).toContainText("Sign-in failed");
    await expect(signInPage.error).toContainText("demo account could not be signed in");
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a callback URL to another site is not followed after sign-in", async ({ page, signInPage, homePage }) => {
    await signInPage.goto("?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal");
    await signInPage.signInAs(persona("riley").name);
    await expect(homePage.heading).toBeVisible();
    expect(new URL(page.url()).host).toBe("127.0.0.1:3100");
  });
});
