import { expect, test } from "./fixtures";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestListPage } from "./pages/request-list-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";

test.describe("Riley acts on their tickets", () => {
  test.beforeEach(async ({ signInAs }) => {
    await signInAs("riley");
  });

  test("an active grant is renewed as a new ticket linked to the old one", async ({ page }) => {
    const list = new RequestListPage(page);
    await list.goto("?status=ACTIVE&kind=GRANT");
    const ticket = new RequestTicketPage(page);
    // The first active grant with an end date still ahead offers renewal.
    const links = list.table.getByRole("link", { name: /^AR-\d{6}$/ });
    await expect(links.first()).toBeVisible();
    const numbers = await links.allInnerTexts();
    let renewable: string | null = null;
    for (const number of numbers) {
      await ticket.goto(number);
      if ((await ticket.renewLink.count()) > 0) {
        renewable = number;
        break;
      }
    }
    expect(renewable, "a seeded active grant that can be renewed").not.toBeNull();
    await ticket.renewLink.click();
    await expect(page.getByRole("heading", { level: 1, name: `Renew ${renewable}` })).toBeVisible();
    const form = new RequestFormPage(page);
    await page.getByRole("textbox", { name: "Business justification" }).fill("Still reviewing order disputes for the quarterly support audit with the finance team.");
    await expect(form.useLongestExpiry).toBeVisible({ timeout: 15_000 });
    await form.useLongestExpiry.click();
    await page.screenshot({ path: `${SCREENSHOTS}/request-renew.png`, fullPage: true });
    await page.getByRole("button", { name: "Request renewal" }).click();
    await page.waitForURL((url) => /\/requests\/AR-\d{6}$/.test(url.pathname) && !url.pathname.endsWith(renewable!));
    await expect(ticket.grants.getByRole("list", { name: "Linked tickets" })).toContainText(`renews ${renewable}`);
  });

  test("a pending ticket is cancelled after confirming, with a reason", async ({ page }) => {
    const form = new RequestFormPage(page);
    await form.goto();
    await form.catalogue.pick("orders", "Write orders");
    await form.justification.fill("Correcting order states for the customers affected by the duplicate charge incident.");
    await form.expectPreview("Goes to workflow");
    await form.useLongestExpiry.click();
    await form.submitAndOpenTicket();

    const ticket = new RequestTicketPage(page);
    await ticket.cancelButton.click();
    const dialog = page.getByRole("dialog", { name: /^Cancel AR-\d{6}\?$/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("textbox", { name: "Reason (optional)" }).fill("Solved with a support script instead.");
    await page.screenshot({ path: `${SCREENSHOTS}/request-cancel-dialog.png` });
    await dialog.getByRole("button", { name: "Cancel request" }).click();
    await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();
    await expect(ticket.cancelButton).toHaveCount(0);
    await expect(ticket.timeline).toContainText("cancelled the request");
  });

  test("a MODIFY shows the scope change of an active grant as a diff", async ({ page }) => {
    const form = new RequestFormPage(page);
    await form.goto();
    await form.chooseKind("Modify");
    const grants = page.getByRole("group", { name: "Access held now" });
    const first = grants.getByRole("radio").first();
    await expect(first).toBeVisible();
    await first.check();
    const scope = page.getByRole("textbox", { name: "New scope (JSON)" });
    const current = JSON.parse(await scope.inputValue()) as Record<string, unknown>;
    await scope.fill(JSON.stringify({ ...current, note: "narrowed" }, null, 2));
    const diff = page.getByRole("group", { name: "Scope change" });
    await expect(diff).toContainText('added: note: "narrowed"');
    await page.screenshot({ path: `${SCREENSHOTS}/request-new-modify.png`, fullPage: true });
  });
});
