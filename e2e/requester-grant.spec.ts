import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { myRequestCount, SCREENSHOTS } from "./requester-helpers";

test.describe("Riley files access requests", () => {
  test.beforeEach(async ({ signInAs }) => {
    await signInAs("riley");
  });

  test("a standard tool for themself is auto-approved under its pre-approved pattern", async ({ page }) => {
    const form = new RequestFormPage(page);
    await form.goto();
    await form.chooseKind("Grant");
    await form.chooseSubject(/^Myself/);
    await form.catalogue.pick("repositories", "Read all internal repositories");
    await form.justification.fill("Reviewing the checkout service code before the refactoring planned for next sprint.");
    await form.expectPreview("Auto-approved under pattern pa-standard-tools");
    await page.screenshot({ path: `${SCREENSHOTS}/request-new-auto.png`, fullPage: true });

    const number = await form.submitAndOpenTicket();
    const ticket = new RequestTicketPage(page);
    await expect(ticket.heading).toContainText("Read all internal repositories");
    await expect(page.getByText("Auto-approved", { exact: true }).first()).toBeVisible();
    await expect(ticket.decision).toContainText("Auto-approved under pattern pa-standard-tools");
    await expect(ticket.decision).toContainText(/Policy v\d+/);
    await expect(ticket.timeline).toContainText("submitted the request");
    await ticket.comment("Thanks, this is for the checkout refactoring.");
    await page.screenshot({ path: `${SCREENSHOTS}/request-ticket-auto.png`, fullPage: true });
    expect(number).toMatch(/^AR-\d{6}$/);
  });

  test("high-risk access goes to a workflow whose stages name the approvers", async ({ page }) => {
    const form = new RequestFormPage(page);
    await form.goto();
    await form.catalogue.pick("orders", "Write orders");
    await form.justification.fill("Backfilling the order status column after incident INC-2041 corrupted two hundred rows.");
    await form.expectPreview("Goes to workflow Manager, then resource owner");
    await expect(form.preview).toContainText("Avery Approver");
    await form.useLongestExpiry.click();
    await expect(form.expiry).not.toHaveValue("");
    await page.screenshot({ path: `${SCREENSHOTS}/request-new-workflow.png`, fullPage: true });

    await form.submitAndOpenTicket();
    const ticket = new RequestTicketPage(page);
    await expect(page.getByText("Pending approval", { exact: true }).first()).toBeVisible();
    await expect(ticket.decision).toContainText("Routed to workflow Manager, then resource owner");
    await expect(ticket.approvals).toContainText("1. Manager");
    await expect(ticket.approvals).toContainText("2. Resource owner");
    await expect(ticket.stage("Manager")).toContainText("Avery Approver");
    await expect(ticket.stage("Manager")).toContainText("Pending");
    await expect(ticket.cancelButton).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/request-ticket-workflow.png`, fullPage: true });
  });

  test("a filler justification is refused beside its field and files nothing", async ({ page }) => {
    const before = await myRequestCount(page);
    const form = new RequestFormPage(page);
    await form.goto();
    await form.catalogue.pick("repositories", "Read all internal repositories");
    // Long enough, but nothing besides the policy's filler phrases.
    await form.justification.fill("Please, need access asap, please, for work, asap");
    await form.submitButton.click();
    await expect(form.fieldError("justification")).toContainText("filler");
    await expect(form.justification).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/requests\/new$/);
    await page.screenshot({ path: `${SCREENSHOTS}/request-new-refused.png`, fullPage: true });
    expect(await myRequestCount(page)).toBe(before);
  });
});
