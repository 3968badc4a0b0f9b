import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { RequestTicketPage } from "./pages/request-ticket-page";

/**
 * A fulfiller sets access up by hand on the card processor's merchant portal, which has no API.
 * This spec owns the seeded FULFILLING ticket for Oliver Grant's settlement reports
 * (server/db/seed/scenarios.ts, APPENDED): Helen Carter, the portal's owner, attests it. No other
 * spec may read or change that ticket.
 */

/** Helen is not on the sign-in page's persona list; the demo provider signs in any seeded person. */
async function signInByEmail(page: Page, email: string) {
  await page.context().clearCookies();
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/demo", { form: { csrfToken: csrf.csrfToken, email, callbackUrl: "/", json: "true" } });
  expect(response.ok()).toBe(true);
}

/** A tiny PNG (one red pixel) with the test's own bytes appended, so its hash is this run's. */
function screenshotPng(): Buffer {
  const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
  return Buffer.concat([Buffer.from(pixel, "base64"), Buffer.from(`merchant portal users ${Date.now()}`)]);
}

test("the merchant portal's owner finds the task, uploads a screenshot and attests the set-up; the ticket is active with the artefact's hash", async ({ page }) => {
  await signInByEmail(page, "helen.carter@acme.example");
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: /^Fulfilment/ }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fulfilment tasks");
  const table = page.getByRole("table", { name: "Fulfilment tasks" });
  const row = table.getByRole("row").filter({ hasText: "oliver.grant" }).filter({ hasText: "Settlement reports" });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-task-action]")).toHaveText("Set up");
  const number = (await row.getAttribute("data-task"))!;
  await row.getByRole("link", { name: /^Set up Settlement reports for Oliver Grant/ }).click();

  await page.waitForURL(`**/requests/${number}#attest`);
  const ticket = new RequestTicketPage(page);
  await expect(ticket.heading).toContainText("Settlement reports");
  // The status badge sits right under the title.
  const status = ticket.heading.locator("xpath=following-sibling::div[1]");
  await expect(status).toContainText("Fulfilling");
  const form = page.getByRole("region", { name: "Set this access up by hand" });
  await expect(form).toContainText(`role: "reports"`);

  // Sending nothing shows each field's rule beside it, and focus goes to the first one.
  await form.getByRole("button", { name: "Attest the set-up" }).click();
  const statement = form.getByRole("textbox", { name: "What you did" });
  await expect(statement).toBeFocused();
  await expect(form).toContainText("Say what you did, in at least 20 characters.");
  await expect(form).toContainText("Attach the artefact that shows the change.");

  await statement.fill("Created Oliver Grant's user with the settlement reports role in the merchant portal.");
  const png = screenshotPng();
  const expected = createHash("sha256").update(png).digest("hex");
  await form.getByLabel("Artefact").setInputFiles({ name: "merchant-portal-oliver.png", mimeType: "image/png", buffer: png });
  // The browser's own SHA-256 is shown before anything is sent.
  await expect(form.locator("[data-browser-sha256]")).toHaveText(expected);

  await form.getByRole("button", { name: "Attest the set-up" }).click();
  await expect(form.getByRole("status")).toContainText("The set-up is recorded and the access is active.");
  await expect(form.locator("[data-portal-sha256]")).toHaveText(expected);
  await expect(form.getByRole("status")).toContainText("the same");
  await form.getByRole("button", { name: "Show the updated ticket" }).click();

  // The ticket is active; its closure evidence names who attested which artefact.
  await expect(form).toHaveCount(0);
  await expect(status).toContainText("Active");
  await expect(ticket.grant("Settlement reports").locator("[data-grant-status]")).toHaveText("Active");
  const attestation = ticket.grant("Settlement reports").getByRole("definition").filter({ hasText: "Helen Carter" });
  await expect(attestation).toHaveCount(1);
  await expect(ticket.grant("Settlement reports").locator("[data-artefact-sha256]")).toHaveText(`SHA-256 ${expected}`);
  await expect(ticket.grant("Settlement reports")).toContainText("merchant-portal-oliver.png");
  await expect(ticket.timeline).toContainText("attested the change made by hand");

  // The task is done: it is no longer on the list.
  await page.goto("/fulfilment");
  await expect(page.getByRole("table", { name: "Fulfilment tasks" }).locator(`[data-task="${number}"]`)).toHaveCount(0);
});

test("a requester who fulfils nothing has no Fulfilment item and is told why on the page", async ({ page, signInAs }) => {
  const home = await signInAs("riley");
  await expect(home.nav.getByRole("link", { name: /^Fulfilment/ })).toHaveCount(0);
  await page.goto("/fulfilment");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have no fulfilment tasks");
});
