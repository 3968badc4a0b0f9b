import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";

test("Riley registers a new NHI through an AUTOMATION request and the ticket shows it", async ({ page, signInAs }) => {
  await signInAs("riley");
  const form = new RequestFormPage(page);
  await form.goto();
  await form.chooseKind("Exception");
  await form.chooseExceptionType("Automation");
  await form.chooseSubject("Register a new NHI");

  const name = `report-exporter-${Date.now().toString(36)}`;
  await page.getByLabel("Identity name").fill(name);
  await page.getByLabel("Display name").fill("Report exporter");
  await page.getByLabel("Type", { exact: true }).selectOption("WORKLOAD");
  await page.getByLabel("Environment").selectOption("STAGING");
  const backupOwner = page.getByLabel("Backup owner");
  const avery = await backupOwner.locator("option", { hasText: "Avery Approver" }).getAttribute("value");
  await backupOwner.selectOption(avery!);
  await page.getByLabel("Workload").fill("nightly report export job (staging)");
  await page.getByLabel("System-to-system dependencies").fill("staging-db, notify-api");
  await page.getByLabel("Secret or certificate scope").fill("Database role on orders_staging; no other secrets.");
  await page.getByLabel("Rotation period (days)").fill("90");
  const until = new Date(Date.now() + 180 * 24 * 3600_000).toISOString().slice(0, 16);
  await page.getByLabel("Intended until (UTC)").fill(until);

  await form.catalogue.pick("staging", "Staging application role");
  await form.justification.fill("The nightly report exporter reads staging orders to build the finance preview reports.");
  await form.expectPreview("Goes to workflow");
  await form.useLongestExpiry.click();
  await page.screenshot({ path: `${SCREENSHOTS}/request-new-nhi.png`, fullPage: true });

  await form.submitAndOpenTicket();
  const ticket = new RequestTicketPage(page);
  await expect(ticket.subject).toContainText(name);
  await expect(ticket.subject).toContainText("Report exporter");
  await expect(ticket.subject).toContainText("Avery Approver");
  await expect(ticket.heading).toContainText("Automation exception");
  await expect(ticket.timeline).toContainText("registered the non-human identity");
  await page.screenshot({ path: `${SCREENSHOTS}/request-ticket-nhi.png`, fullPage: true });
});
