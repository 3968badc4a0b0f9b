import type { Page } from "@playwright/test";
import { expect, test, type PersonaKey } from "./fixtures";

type SignInAs = (key: PersonaKey) => Promise<unknown>;

/** Signs out whoever is signed in and signs in as another demo persona. */
export async function switchTo(page: Page, signInAs: SignInAs, key: PersonaKey): Promise<void> {
  await page.context().clearCookies();
  await signInAs(key);
}

/**
 * Tickets filed by Riley route to her manager Avery. A spec that stopped midway may have left
 * Avery away with a delegate; this ends that, so the tickets a spec files wait on Avery herself.
 * Leaves Avery signed in.
 */
export async function averyDecidesHerself(page: Page, signInAs: SignInAs): Promise<void> {
  await switchTo(page, signInAs, "avery");
  const list = await page.request.get("/api/trpc/delegations.list");
  expect(list.ok()).toBe(true);
  const current = ((await list.json()) as { result: { data: { json: { current: { id: string } | null } } } }).result.data.json.current;
  if (current) {
    const ended = await page.request.post("/api/trpc/delegations.end", { data: { json: { id: current.id } } });
    expect(ended.ok()).toBe(true);
  }
}

/**
 * Whether the app under test runs the job queue, which fulfils and revokes in the background
 * (playwright.jobs.config.ts); the default configuration keeps it off.
 */
export function jobsRun(): boolean {
  const server = test.info().config.webServer;
  return !!server && server.env?.JOBS_DISABLED !== "true";
}
