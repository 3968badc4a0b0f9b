import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { ReviewPage } from "./pages/review-page";
import { averyDecidesHerself, jobsRun, switchTo } from "./persona-helpers";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * An API key from issue to expiry. Riley files a fresh ticket for the notification sending key of
 * ci-checkout-deploy (an NHI Riley owns that holds no API key, and that no other spec or seeded
 * ticket asks one for) expiring within two minutes, Avery approves it, Riley has the key shown
 * once and it works; at its expiry the key check refuses it, and the expiry sweep (every minute)
 * with the revocation job closes the ticket with the evidence read back from the key issuer.
 */

const NHI = "ci-checkout-deploy";
const ENTITLEMENT = "Notification sending key";
/**
 * The expiry is a whole UTC minute (the form's datetime-local holds minutes) at least this far
 * ahead when the form is filled: enough for the approval, the fulfilment and the first use.
 */
const LEAD_MS = 60_000;
/** After the expiry: the sweep runs at each minute's start, so the revocation follows within a minute. */
const REVOCATION_WAIT_MS = 90_000;

/** What POST /api/keys/check answers for the key. */
async function checkKey(page: Page, key: string): Promise<{ status: number; valid: boolean; reason?: string }> {
  const response = await page.request.post("/api/keys/check", { headers: { Authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { valid: boolean; reason?: string };
  return { status: response.status(), valid: body.valid, reason: body.reason };
}

/** The first whole UTC minute at least `leadMs` from now. */
function expiryMinute(leadMs: number): Date {
  const minute = 60_000;
  return new Date(Math.ceil((Date.now() + leadMs) / minute) * minute);
}

test("Riley's short-lived API key works until its expiry, then is refused and revoked with evidence", async ({ page, signInAs }) => {
  test.skip(!jobsRun(), "Needs the job runner: run with --config playwright.jobs.config.ts");
  test.setTimeout(240_000);
  await averyDecidesHerself(page, signInAs);

  await switchTo(page, signInAs, "riley");
  const form = new RequestFormPage(page);
  await form.goto();
  await form.chooseSubject(/^A person I may request for, or an NHI I own/);
  const subject = page.getByLabel("Person or NHI");
  const deployer = await subject.locator("option", { hasText: NHI }).getAttribute("value");
  await subject.selectOption(deployer!);
  await form.catalogue.pick("notification", ENTITLEMENT);
  await form.justification.fill("The checkout deploy pipeline posts one release notice to the on-call channel during today's release.");
  await form.expectPreview("Avery Approver");
  const expiresAt = expiryMinute(LEAD_MS);
  await form.expiry.fill(expiresAt.toISOString().slice(0, 16));
  const number = await form.submitAndOpenTicket();

  await switchTo(page, signInAs, "avery");
  const review = new ReviewPage(page);
  await review.goto(number);
  await expect(review.heading).toContainText(ENTITLEMENT);
  await review.comment.fill("For today's release only.");
  await review.submit("Approve").click();
  await expect(review.outcome).toContainText(`You approved ${number}`);

  await switchTo(page, signInAs, "riley");
  const ticket = new RequestTicketPage(page);
  await ticket.goto(number);
  await ticket.waitForCredential();
  await ticket.showKeyButton.click();
  await expect(ticket.collectedKey).toBeVisible();
  const key = (await ticket.collectedKey.textContent())!.trim();
  expect(key.length).toBeGreaterThan(20);
  await expect(ticket.credential).toContainText("This key will never be shown again.");

  // Before its expiry the key is live.
  expect(Date.now(), "the key was issued too close to its expiry to be tried").toBeLessThan(expiresAt.getTime());
  expect(await checkKey(page, key)).toEqual({ status: 200, valid: true, reason: undefined });
  await page.reload();
  const grant = ticket.grant(ENTITLEMENT);
  await expect(grant.locator("[data-grant-status]")).toHaveText("Active");
  await expect(ticket.collectedKey).toHaveCount(0);

  // From its expiry on, the same key is refused: expired at once, revoked once the sweep has run.
  await expect
    .poll(async () => checkKey(page, key), { timeout: expiresAt.getTime() - Date.now() + 15_000, intervals: [1_000, 2_000] })
    .toMatchObject({ status: 401, valid: false, reason: expect.stringMatching(/^(expired|revoked)$/) });

  // The sweep queues the revocation and the job removes the key and reads the issuer back.
  await expect(async () => {
    await page.reload();
    await expect(ticket.heading.locator("xpath=..")).toContainText("Closed", { timeout: 1_000 });
  }).toPass({ timeout: REVOCATION_WAIT_MS, intervals: [1_000, 2_000, 5_000] });
  await expect(grant.locator("[data-grant-status]")).toHaveText("Revoked");
  await expect(grant.locator("dt", { hasText: /^Revoked$/ })).toBeVisible();

  const evidence = grant.getByRole("list", { name: `Evidence for ${ENTITLEMENT}` });
  await expect(evidence.getByRole("listitem")).toHaveCount(2);
  const revoked = evidence.getByRole("listitem").filter({ has: page.getByText("REVOKED", { exact: true }) });
  await expect(revoked).toHaveCount(1);
  await expect(revoked).toContainText("API-key issuer");
  await expect(revoked).toContainText(`No active API key for ${NHI}: 1 version, none active (v1 revoked)`);
  const verifiedAt = new Date((await revoked.locator("time").getAttribute("datetime"))!);
  expect(verifiedAt.getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
  await revoked.getByText("What the target showed").click();
  await expect(revoked.locator("pre")).toContainText('"state": "revoked"');

  expect(await checkKey(page, key)).toEqual({ status: 401, valid: false, reason: "revoked" });
  await ticket.grants.scrollIntoViewIfNeeded();
  await ticket.grants.screenshot({ path: `${SCREENSHOTS}/ticket-api-key-revoked.png` });
});
