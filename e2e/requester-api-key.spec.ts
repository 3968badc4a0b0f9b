import type { Page } from "@playwright/test";
import { expect, test, type PersonaKey } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { ReviewPage } from "./pages/review-page";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * An NHI's API key from request to first use. Riley files a fresh ticket for the event ingestion
 * key of svc-checkout-worker (an NHI Riley owns; no seeded ticket asks for that key), her manager
 * Avery approves it on the review page, the background fulfilment prepares the grant, and Riley
 * has the key issued and shown once.
 */

async function switchTo(page: Page, signInAs: (key: PersonaKey) => Promise<unknown>, key: PersonaKey) {
  await page.context().clearCookies();
  await signInAs(key);
}

/** A spec that stopped midway may have left Avery away with a delegate; end that so the ticket routes to her. */
async function averyDecidesHerself(page: Page, signInAs: (key: PersonaKey) => Promise<unknown>) {
  await switchTo(page, signInAs, "avery");
  const list = await page.request.get("/api/trpc/delegations.list");
  expect(list.ok()).toBe(true);
  const current = ((await list.json()) as { result: { data: { json: { current: { id: string } | null } } } }).result.data.json.current;
  if (current) {
    const ended = await page.request.post("/api/trpc/delegations.end", { data: { json: { id: current.id } } });
    expect(ended.ok()).toBe(true);
  }
}

/** Whether the app under test runs the job queue, which fulfils approved tickets in the background. */
function jobsRun(): boolean {
  const server = test.info().config.webServer;
  return !!server && server.env?.JOBS_DISABLED !== "true";
}

test("Riley has the API key of an NHI she owns issued once, and it works", async ({ page, signInAs }) => {
  test.skip(!jobsRun(), "Needs the job runner: run with --config playwright.jobs.config.ts");
  test.setTimeout(150_000);
  await averyDecidesHerself(page, signInAs);

  await switchTo(page, signInAs, "riley");
  const form = new RequestFormPage(page);
  await form.goto();
  await form.chooseSubject(/^A person I may request for, or an NHI I own/);
  const subject = page.getByLabel("Person or NHI");
  const worker = await subject.locator("option", { hasText: "svc-checkout-worker" }).getAttribute("value");
  await subject.selectOption(worker!);
  await form.catalogue.pick("ingestion", "Event ingestion key");
  await form.justification.fill("The checkout worker publishes order events to the ingestion pipeline for the new fraud signals.");
  await form.expectPreview("Avery Approver");
  await form.useLongestExpiry.click();
  await expect(form.expiry).not.toHaveValue("");
  const number = await form.submitAndOpenTicket();

  await switchTo(page, signInAs, "avery");
  const review = new ReviewPage(page);
  await review.goto(number);
  await expect(review.heading).toContainText("Event ingestion key");
  await review.comment.fill("Events only, for the fraud signals pipeline.");
  await review.submit("Approve").click();
  await expect(review.outcome).toContainText(`You approved ${number}`);

  // The fulfilment job creates the pending grant in the background; the ticket then offers the key.
  await switchTo(page, signInAs, "riley");
  const ticket = new RequestTicketPage(page);
  await ticket.goto(number);
  await ticket.waitForCredential();
  await expect(ticket.heading.locator("xpath=..")).toContainText("Fulfilling");
  await expect(ticket.grant("Event ingestion key").locator("[data-grant-status]")).toHaveText("Pending");

  await ticket.showKeyButton.click();
  await expect(ticket.collectedKey).toBeVisible();
  const key = (await ticket.collectedKey.textContent())!.trim();
  expect(key.length).toBeGreaterThan(20);
  await expect(ticket.credential).toContainText("This key will never be shown again.");
  await expect(ticket.credential).toContainText("Fingerprint");
  await page.screenshot({ path: `${SCREENSHOTS}/ticket-api-key-shown.png`, fullPage: true });

  // The key is live at the target: the key check accepts it.
  const check = await page.request.post("/api/keys/check", { headers: { Authorization: `Bearer ${key}` } });
  expect(check.status()).toBe(200);
  expect(((await check.json()) as { valid: boolean }).valid).toBe(true);

  // Gone after a reload: no key, no way to issue it again, and the grant is active with its evidence.
  await page.reload();
  await expect(ticket.heading).toBeVisible();
  await expect(ticket.collectedKey).toHaveCount(0);
  await expect(ticket.showKeyButton).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  const grant = ticket.grant("Event ingestion key");
  await expect(grant.locator("[data-grant-status]")).toHaveText("Active");
  const evidence = grant.getByRole("list", { name: "Evidence for Event ingestion key" });
  await expect(evidence.getByRole("listitem").first()).toContainText("GRANTED");
  await evidence.getByText("What the target showed").first().click();
  await expect(evidence.locator("pre").first()).toBeVisible();
  await ticket.grants.scrollIntoViewIfNeeded();
  await ticket.grants.screenshot({ path: `${SCREENSHOTS}/ticket-grants-evidence.png` });
});

test("Adam reads the overdue revocations; an auditor is refused", async ({ page, signInAs }) => {
  await switchTo(page, signInAs, "adam");
  await page.getByRole("navigation").getByRole("link", { name: "Revocations" }).click();
  await page.waitForURL("**/admin/revocations");
  await expect(page.getByRole("heading", { level: 1, name: "Overdue revocations" })).toBeVisible();
  // Seeded grants past their expiry whose targets are unreachable here stay listed; otherwise the list is empty.
  const table = page.getByRole("table", { name: "Overdue revocations" });
  const empty = page.getByText("Nothing expired is still active");
  await expect(table.or(empty)).toBeVisible();
  if (await table.isVisible()) {
    const first = table.getByRole("row").nth(1);
    await expect(first.getByRole("link", { name: /^AR-\d{6}$/ })).toBeVisible();
    await expect(first).toContainText(/Active|Revoking/);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/admin-revocations.png`, fullPage: true });

  await switchTo(page, signInAs, "audrey");
  await page.goto("/admin/revocations");
  await expect(page.getByText("403 · Forbidden")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to the overdue revocations");
});
