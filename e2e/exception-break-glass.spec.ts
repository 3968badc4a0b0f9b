import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { ReviewPage } from "./pages/review-page";
import { SCREENSHOTS } from "./requester-helpers";

// Files its own emergency ticket through the form (incident INC-3190) and decides only its own follow-up review.
test("break-glass: an emergency is granted at once and security confirms it in the follow-up review", async ({ page, signInAs, homePage }) => {
  await signInAs("riley");
  const form = new RequestFormPage(page);
  await form.goto();
  await form.chooseKind("Exception");
  await form.chooseExceptionType("Emergency");
  await form.catalogue.pick("orders", "Read orders");
  await form.justification.fill("Checkout outage: read the stuck orders table to find which payments never settled.");
  await page.getByRole("textbox", { name: "Incident id" }).fill("INC-3190");
  await form.expectPreview("Granted at once under break-glass");
  await form.useLongestExpiry.click();
  await page.screenshot({ path: `${SCREENSHOTS}/break-glass-preview.png`, fullPage: true });
  const number = await form.submitAndOpenTicket();

  const note = page.getByRole("region", { name: "Break-glass" });
  await expect(note).toContainText("Break-glass: granted before review");
  await expect(page.locator("main")).toContainText("Auto-approved");
  const reviewLink = note.getByRole("link", { name: /^AR-\d{6}$/ });
  const reviewNumber = (await reviewLink.textContent())!.trim();
  expect(reviewNumber).not.toBe(number);
  await page.screenshot({ path: `${SCREENSHOTS}/break-glass-ticket.png`, fullPage: true });
  await reviewLink.click();
  await page.waitForURL(new RegExp(`/requests/${reviewNumber}$`));
  await expect(page.getByRole("region", { name: "Break-glass" })).toContainText("Follow-up review of break-glass access");
  // The requester cannot withdraw the review of their own emergency access.
  await expect(page.getByRole("button", { name: /cancel/i })).toHaveCount(0);

  await homePage.signOut();
  await signInAs("adam");
  const review = new ReviewPage(page);
  await review.goto(reviewNumber);
  await expect(page.getByRole("region", { name: "Break-glass follow-up review" })).toContainText("granted this access at once during incident INC-3190");
  await page.screenshot({ path: `${SCREENSHOTS}/break-glass-review.png`, fullPage: true });
  await review.choose("Approve");
  await expect(review.narrowing).toHaveCount(0);
  await review.comment.fill("INC-3190 postmortem confirms the read access was needed.");
  await review.submit("Approve").click();
  await expect(review.outcome).toBeVisible();
  await expect(review.status).toHaveAttribute("data-ticket-status", "CLOSED");
});
