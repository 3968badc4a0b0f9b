import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { ReviewPage } from "./pages/review-page";
import { averyDecidesHerself, jobsRun, switchTo } from "./persona-helpers";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * An NHI's API key from request to first use, then its rotation. Riley files a fresh ticket for the
 * event ingestion key of svc-checkout-worker (an NHI Riley owns; no seeded ticket asks for that key),
 * her manager Avery approves it on the review page, the background fulfilment prepares the grant,
 * and Riley has the key issued and shown once. She then rotates it from the ticket: the policy lets
 * an owner's rotation through, she collects the new version, and both keys work during the overlap.
 */

/** What POST /api/keys/check answers for the key. */
async function checkKey(page: Page, key: string): Promise<{ status: number; valid: boolean; version?: number }> {
  const response = await page.request.post("/api/keys/check", { headers: { Authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { valid: boolean; version?: number };
  return { status: response.status(), valid: body.valid, version: body.version };
}

test("Riley has the API key of an NHI she owns issued once, it works, and she rotates it from the ticket", async ({ page, signInAs }) => {
  test.skip(!jobsRun(), "Needs the job runner: run with --config playwright.jobs.config.ts");
  test.setTimeout(210_000);
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
  expect(await checkKey(page, key)).toEqual({ status: 200, valid: true, version: 1 });

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

  // Rotation: the active grant's card offers it, and the form opens on this NHI and this grant.
  await expect(ticket.grantAction("Event ingestion key", "Remove access")).toBeVisible();
  await ticket.grantAction("Event ingestion key", "Rotate").click();
  await page.waitForURL(/\/requests\/new\?/);
  const rotate = new RequestFormPage(page);
  await expect(rotate.heading).toBeVisible();
  await expect(rotate.kind("Rotate")).toBeChecked();
  await expect(page.getByLabel("Person or NHI")).toHaveValue(worker!);
  await expect(rotate.activeGrant("Event ingestion key")).toBeChecked();
  await expect(page.getByRole("group", { name: "Access held now" })).toContainText(number);
  await expect(rotate.expiry).toHaveCount(0);
  await rotate.justification.fill("Yearly rotation of the checkout worker's ingestion key before the fraud signals launch.");
  await rotate.expectPreview(/Auto-approved under pattern rotate-by-owner/);
  const rotation = await rotate.submitAndOpenTicket();
  expect(rotation).not.toBe(number);

  // Auto-approved, the fulfilment job prepares the new grant, and Riley collects the new version once.
  await ticket.waitForCredential();
  await expect(ticket.heading).toContainText("Event ingestion key");
  await expect(ticket.decision).toContainText("Auto-approved");
  await expect(ticket.decision).toContainText("rotate-by-owner");
  await ticket.showKeyButton.click();
  await expect(ticket.collectedKey).toBeVisible();
  const rotated = (await ticket.collectedKey.textContent())!.trim();
  expect(rotated.length).toBeGreaterThan(20);
  expect(rotated).not.toBe(key);
  await expect(ticket.credential).toContainText("This key will never be shown again.");

  // Both versions work while the overlap lasts, so the worker can switch without an outage.
  expect(await checkKey(page, rotated)).toEqual({ status: 200, valid: true, version: 2 });
  expect(await checkKey(page, key)).toEqual({ status: 200, valid: true, version: 1 });

  await page.reload();
  await expect(ticket.collectedKey).toHaveCount(0);
  await expect(page.getByText(rotated)).toHaveCount(0);
  await expect(ticket.heading.locator("xpath=..")).toContainText("Active");
  const next = ticket.grant("Event ingestion key");
  await expect(next.locator("[data-grant-status]")).toHaveText("Active");
  await expect(next.getByRole("list", { name: "Evidence for Event ingestion key" }).getByRole("listitem").first()).toContainText("ROTATED");
  await expect(ticket.linked.getByRole("listitem").filter({ hasText: `rotates the credential of ${number}` })).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/ticket-api-key-rotated.png`, fullPage: true });

  // The first ticket links its rotation; its key stays active until the overlap ends.
  await ticket.linked.getByRole("link", { name: number }).click();
  await page.waitForURL(`**/requests/${number}`);
  await expect(ticket.linked.getByRole("listitem").filter({ hasText: `rotated by ${rotation}` })).toHaveCount(1);
  await expect(ticket.grant("Event ingestion key").locator("[data-grant-status]")).toHaveText("Active");
  await ticket.grants.scrollIntoViewIfNeeded();
  await ticket.grants.screenshot({ path: `${SCREENSHOTS}/ticket-grant-actions.png` });
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
