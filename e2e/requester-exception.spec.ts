import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { myRequestCount, SCREENSHOTS } from "./requester-helpers";

test("an emergency exception needs its incident id, then is granted at once under break-glass with a short cap", async ({ page, signInAs }) => {
  await signInAs("riley");
  const before = await myRequestCount(page);
  const form = new RequestFormPage(page);
  await form.goto();
  await form.chooseKind("Exception");
  await form.chooseExceptionType("Emergency");
  await form.catalogue.pick("orders", "Write orders");
  await form.justification.fill("Orders stuck in PAYMENT_PENDING during the checkout outage need a manual state fix.");
  await form.expectPreview("Granted at once under break-glass");
  await form.useLongestExpiry.click();
  await form.submitButton.click();
  await expect(form.fieldError("incidentId")).toContainText("incidentId");
  expect(await myRequestCount(page)).toBe(before);
  await page.screenshot({ path: `${SCREENSHOTS}/request-new-emergency-refused.png`, fullPage: true });

  await page.getByRole("textbox", { name: "Incident id" }).fill("INC-2041");
  await expect(page.getByText(/At most 4 hours from now/)).toBeVisible();
  await form.useLongestExpiry.click();
  await form.submitAndOpenTicket();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Emergency exception");
  await expect(page.getByRole("region", { name: "What was requested" })).toContainText("INC-2041");
  // The emergency ticket and its follow-up review, which is filed in the requester's name.
  expect(await myRequestCount(page)).toBe(before + 2);
});
