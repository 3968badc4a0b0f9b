import type { Page } from "@playwright/test";
import { formatDateTime } from "../components/requests/labels";
import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { ReviewPage } from "./pages/review-page";
import { averyDecidesHerself, switchTo } from "./persona-helpers";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * Approvers decide on the review page. Every test files its own fresh tickets as Riley through the
 * request form, so no seeded ticket is touched: queue administrator on the service desk (medium
 * risk, decided by Riley's manager Avery) and staging database owner (privileged: the resource
 * owner Avery, then two security reviewers).
 */

const DAY = 86_400_000;

/** A datetime-local value (UTC, to the minute) some days from now. */
function daysAhead(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 16);
}

/**
 * Signs in as any seeded person through the demo provider: the sign-in page offers four personas,
 * and the provider accepts every active seeded person by e-mail in demo mode.
 */
async function signInByEmail(page: Page, email: string) {
  await page.context().clearCookies();
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/demo", { form: { csrfToken: csrf.csrfToken, email, callbackUrl: "/", json: "true" } });
  expect(response.ok()).toBe(true);
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(email);
}

async function fileTicket(page: Page, search: string, entitlement: string, justification: string, approver: string): Promise<string> {
  const form = new RequestFormPage(page);
  await form.goto();
  await form.catalogue.pick(search, entitlement);
  await form.justification.fill(justification);
  await form.expectPreview(approver);
  await form.useLongestExpiry.click();
  await expect(form.expiry).not.toHaveValue("");
  return form.submitAndOpenTicket();
}

test.describe("approvers decide on the review page", () => {
  test.beforeEach(async ({ page, signInAs }) => {
    test.setTimeout(120_000);
    await averyDecidesHerself(page, signInAs);
  });

  test("Avery approves with a narrower scope and a shorter expiry", async ({ page, signInAs }) => {
    await switchTo(page, signInAs, "riley");
    const number = await fileTicket(page, "servicedesk", "Queue administrator", "Covering the billing and support queues while the team lead is on leave next month.", "Avery Approver");

    // The ticket page sends the approver it waits on to the review page.
    await switchTo(page, signInAs, "avery");
    const ticket = new RequestTicketPage(page);
    await ticket.goto(number);
    await page.getByRole("link", { name: "Review and decide" }).click();
    await page.waitForURL(`**/approvals/${number}`);

    const review = new ReviewPage(page);
    await expect(review.heading).toContainText("Queue administrator");
    await expect(page.getByRole("region", { name: "Requester and subject" })).toContainText("Avery Approver");
    await expect(page.getByRole("region", { name: "Policy decision" })).toContainText("Manager approval");
    await expect(review.stage("Manager")).toContainText("Deciding now");

    await review.narrowing.click();
    await review.narrowOption("customer-support").uncheck();
    const shorter = daysAhead(7);
    await review.expiry.fill(shorter);
    const shorterText = formatDateTime(new Date(`${shorter}Z`));
    await expect(review.changes).toContainText("queues without customer-support");
    await expect(review.changes).toContainText(`Shortened: ends ${shorterText}`);
    await review.comment.fill("Billing queue only, for one week.");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-review.png`, fullPage: true });
    await review.submit("Approve").click();

    await expect(review.outcome).toContainText(`You approved ${number}: it is approved`);
    await expect(review.outcome).toContainText("Ticket status: Approved");
    // The page reloads its data: the path shows the decision with what it took away.
    const decision = review.decisions("Manager").getByRole("listitem").first();
    await expect(decision).toContainText("Avery Approver");
    await expect(decision).toContainText("Billing queue only, for one week.");
    await expect(decision).toContainText("Narrowed the scope: queues without customer-support");
    await expect(decision).toContainText(`Shortened the expiry to ${shorterText}`);
    await expect(review.status).toHaveText("Approved");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-review-approved.png`, fullPage: true });

    // The requester's ticket shows the approval and the new end date.
    await switchTo(page, signInAs, "riley");
    await ticket.goto(number);
    // Fulfilment may already have moved the ticket on; it is decided either way.
    await expect(ticket.heading.locator("xpath=..")).toContainText(/Approved|Fulfilling|Active/);
    await expect(ticket.stage("Manager")).toContainText("Approved");
    await expect(ticket.stage("Manager")).toContainText(`narrowed the scope; shortened the expiry to ${shorterText}`);
    await expect(page.getByRole("region", { name: "What was requested" })).toContainText("Narrowed by an approver");
    await expect(page.getByText(shorterText).first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/ticket-narrowed.png`, fullPage: true });
  });

  test("Avery must say why she denies, and Riley reads the reason", async ({ page, signInAs }) => {
    await switchTo(page, signInAs, "riley");
    const number = await fileTicket(page, "servicedesk", "Queue administrator", "Auditing the escalation rules of the billing queue before the year-end freeze.", "Avery Approver");

    await switchTo(page, signInAs, "avery");
    const review = new ReviewPage(page);
    await review.goto(number);
    await review.choose("Deny");
    await review.submit("Deny request").click();
    await expect(review.fieldError("comment")).toContainText("Say why you deny the request.");
    await expect(review.comment).toHaveAttribute("aria-invalid", "true");
    await expect(review.comment).toBeFocused();
    await expect(review.outcome).toHaveCount(0);
    // Nothing was decided.
    await page.reload();
    await expect(review.stage("Manager")).toContainText("Deciding now");

    await review.choose("Deny");
    await review.comment.fill("The escalation rules are read-only for auditors; ask for the viewer role instead.");
    await review.submit("Deny request").click();
    await expect(review.outcome).toContainText(`You denied ${number}`);
    await expect(review.decisions("Manager")).toContainText("The escalation rules are read-only for auditors");
    await expect(review.status).toHaveText("Denied");

    await switchTo(page, signInAs, "riley");
    const ticket = new RequestTicketPage(page);
    await ticket.goto(number);
    await expect(ticket.heading.locator("xpath=..")).toContainText("Denied");
    await expect(ticket.stage("Manager")).toContainText("The escalation rules are read-only for auditors; ask for the viewer role instead.");
  });

  test("a quorum of two needs two different security reviewers", async ({ page, signInAs }) => {
    await switchTo(page, signInAs, "riley");
    const number = await fileTicket(page, "staging", "Staging database owner", "Rebuilding the staging schema after the failed migration of the orders service last night.", "Resource owner, then security review");

    // Stage 1: Avery owns the staging database.
    await switchTo(page, signInAs, "avery");
    const review = new ReviewPage(page);
    await review.goto(number);
    await expect(review.stage("Security review")).toContainText("0 of 2 approvals");
    await review.submit("Approve").click();
    await expect(review.outcome).toContainText(`You approved stage 1; the next stage is open`);

    // Stage 2: Adam's approval is one of two.
    await switchTo(page, signInAs, "adam");
    await review.goto(number);
    await expect(review.stage("Security review")).toContainText("Deciding now");
    await review.comment.fill("Owner access for the rebuild only.");
    await review.submit("Approve").click();
    await expect(review.outcome).toContainText("Your approval counts: 1 of 2 on stage 2");
    await expect(review.outcome).toContainText("Ticket status: Pending approval");
    await expect(review.stage("Security review")).toContainText("1 of 2 approvals");

    // Adam cannot count twice: the page says why, and the decision itself refuses.
    await review.goto(number);
    await expect(review.whyNot).toContainText("You have already decided this stage; each approver counts once.");
    const again = await page.request.post("/api/trpc/approvals.decide", { data: { json: { number, outcome: "APPROVE" } } });
    expect(again.status()).toBe(409);
    expect(JSON.stringify(await again.json())).toContain("each approver counts once");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-review-quorum-half.png`, fullPage: true });

    // Victor, another security reviewer, completes the quorum.
    await signInByEmail(page, "victor.almeida@acme.example");
    await review.goto(number);
    await expect(review.form).toBeVisible();
    await review.submit("Approve").click();
    await expect(review.outcome).toContainText(`You approved ${number}: it is approved`);
    await expect(review.status).toHaveText("Approved");
    await expect(review.stage("Security review")).toContainText("2 of 2 approvals");
    await expect(review.decisions("Security review")).toContainText("Adam Admin");
    await expect(review.decisions("Security review")).toContainText("Victor Almeida");
  });
});
