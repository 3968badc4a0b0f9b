import { test as base, expect, type Page } from "@playwright/test";
import { DEMO_PERSONAS, type DemoPersona } from "../server/db/seed/personas";
import { HomePage } from "./pages/home-page";
import { SignInPage } from "./pages/sign-in-page";

export { expect };

export type PersonaKey = "riley" | "avery" | "audrey" | "adam";

export function persona(key: PersonaKey): DemoPersona {
  const found = DEMO_PERSONAS.find((p) => p.email.startsWith(`${key}.`));
  if (!found) throw new Error(`No demo persona ${key}`);
  return found;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The figures the home page was rendered from, read through the app's own API with the page's session. */
export async function homeFiguresFromApi(page: Page): Promise<HomeFiguresJson> {
  const response = await page.request.get("/api/trpc/dashboard.home");
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: HomeFiguresJson } } };
  return body.result.data.json;
}

export interface HomeFiguresJson {
  myRequests: { openCount: number; recent: { number: string; title: string }[] };
  waitingOnMe: { count: number; oldest: { number: string }[] } | null;
  expiringGrants: { count: number; soonest: { number: string }[] } | null;
  auditIntegrity: { ok: boolean; total: number; checked: number } | null;
  catalogue: { systems: number; entitlements: number; publishedPolicyVersion: number | null } | null;
}

export const test = base.extend<{
  signInPage: SignInPage;
  homePage: HomePage;
  signInAs: (key: PersonaKey) => Promise<HomePage>;
}>({
  // Specs only ever talk to loopback: anything else (such as a web font an identity provider's
  // page asks for) is refused before it leaves the machine.
  context: async ({ context }, use) => {
    await context.route(
      (url) => !LOOPBACK.has(url.hostname),
      (route) => route.abort("blockedbyclient"),
    );
    await use(context);
  },
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  homePage: async ({ page }, use) => use(new HomePage(page)),
  signInAs: async ({ signInPage, homePage }, use) => {
    await use(async (key) => {
      await signInPage.goto();
      await signInPage.signInAs(persona(key).name);
      await expect(homePage.heading).toContainText("Welcome back");
      return homePage;
    });
  },
});
