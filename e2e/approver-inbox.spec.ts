import { expect, test } from "./fixtures";
import { InboxPage } from "./pages/inbox-page";
import { RequestTicketPage } from "./pages/request-ticket-page";

const SCREENSHOTS = "test-results/screenshots";

// This spec owns the seeded LOW-risk tickets waiting on Avery at the manager stage that Hannah
// Kowalski filed: it approves two of them in bulk. No other spec may decide them.
const OWNER_OF_LOW_RISK = "Hannah Kowalski";

/** The risk score shown in a row's risk badge ("HIGH RISK · 65"). */
function riskScore(rowText: string): number {
  const match = /(?:low|medium|high|critical) risk\s*·\s*(\d+)/i.exec(rowText);
  if (!match) throw new Error(`No risk score in "${rowText}"`);
  return Number(match[1]);
}

test.describe("approver inbox", () => {
  test("a requester without the approver role has no inbox", async ({ page, signInAs }) => {
    const home = await signInAs("riley");
    await expect(home.nav.getByRole("link", { name: "Approvals" })).toHaveCount(0);
    await page.goto("/approvals");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("You do not have access to the approval inbox");
    await expect(page.getByRole("table", { name: "Waiting on me" })).toHaveCount(0);
  });

  test("Avery filters and sorts what waits on them, with the view kept in the URL", async ({ page, signInAs }) => {
    const home = await signInAs("avery");
    await home.panel("Waiting on your decision").getByRole("link", { name: "See all that waits on you" }).click();
    const inbox = new InboxPage(page);
    await expect(inbox.heading).toBeVisible();
    await expect(home.nav.getByRole("link", { name: "Approvals" })).toHaveAttribute("aria-current", "page");
    await expect(inbox.rows().first()).toBeVisible();
    // Most urgent first by default, each row with its live SLA countdown and a link to its review page.
    await expect(inbox.header("SLA")).toHaveAttribute("aria-sort", "ascending");
    const first = inbox.rows().first();
    // The SLA column's countdown (on a phone the same badge shows under the title).
    await expect(first.locator("[data-sla]").last()).toHaveText(/^(Due in|Overdue by) /);
    const firstRef = (await inbox.references())[0]!;
    await expect(first.getByRole("link", { name: firstRef })).toHaveAttribute("href", `/approvals/${firstRef}`);
    await page.screenshot({ path: `${SCREENSHOTS}/approvals-inbox.png`, fullPage: true });

    // Only low-risk rows can be ticked; the others say why.
    const high = inbox.rows().filter({ hasText: /high risk/i }).first();
    await expect(high.getByRole("checkbox")).toBeDisabled();
    await expect(high.getByRole("checkbox")).toHaveAttribute("title", /Only low-risk tickets can be approved in bulk/);

    await inbox.risk.selectOption("HIGH");
    await expect(page).toHaveURL(/[?&]risk=HIGH/);
    await expect(async () => {
      const rows = await inbox.settledRows();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.text).toMatch(/high risk/i);
    }).toPass();

    await inbox.sla.selectOption("overdue");
    await expect(page).toHaveURL(/[?&]sla=overdue/);
    await expect(async () => {
      const rows = await inbox.settledRows();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.text).toMatch(/high risk/i);
        expect(row.sla).toBe("overdue");
        expect(row.text).toContain("Overdue by");
      }
    }).toPass();

    // The URL alone restores the view.
    await page.reload();
    await expect(inbox.risk).toHaveValue("HIGH");
    await expect(inbox.sla).toHaveValue("overdue");
    await expect(async () => {
      const rows = await inbox.settledRows();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect([row.sla, /high risk/i.test(row.text)]).toEqual(["overdue", true]);
    }).toPass();

    await inbox.clearFilters.click();
    await expect(page).not.toHaveURL(/risk=|sla=/);

    // Risk sorts riskiest first when chosen, and flips on a second click.
    await inbox.sortButton("Risk").click();
    await expect(page).toHaveURL(/sort=risk/);
    await expect(page).toHaveURL(/dir=desc/);
    await expect(inbox.header("Risk")).toHaveAttribute("aria-sort", "descending");
    await expect(async () => {
      const scores = (await inbox.settledRows()).map((row) => riskScore(row.text));
      expect(scores.length).toBeGreaterThan(1);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    }).toPass();
    await inbox.sortButton("Risk").click();
    await expect(page).toHaveURL(/sort=risk/);
    await expect(page).not.toHaveURL(/dir=desc/);
    await expect(inbox.header("Risk")).toHaveAttribute("aria-sort", "ascending");
    await expect(async () => {
      const scores = (await inbox.settledRows()).map((row) => riskScore(row.text));
      expect(scores.length).toBeGreaterThan(1);
      expect(scores).toEqual([...scores].sort((x, y) => x - y));
    }).toPass();

    await inbox.sortButton("Ticket").click();
    await expect(page).toHaveURL(/sort=number&dir=desc/);
    await expect(async () => {
      expect(await inbox.table.getAttribute("aria-busy")).toBeNull();
      const numbers = (await inbox.references()).map((ref) => Number(ref.slice(3)));
      expect(numbers.length).toBeGreaterThan(1);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    }).toPass();

    await inbox.search.fill("zzzz-nothing-waits");
    await expect(page).toHaveURL(/q=zzzz-nothing-waits/);
    await expect(page.getByText("Nothing waiting on you matches these filters")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/approvals-inbox-empty.png`, fullPage: true });
  });

  test("Avery approves two low-risk tickets at once with one comment recorded on each", async ({ page, signInAs }) => {
    await signInAs("avery");
    const inbox = new InboxPage(page);
    await inbox.goto(`?risk=LOW&q=${encodeURIComponent(OWNER_OF_LOW_RISK)}`);
    await expect(inbox.rows().first()).toBeVisible();
    const found = await inbox.references();
    expect(found.length).toBeGreaterThanOrEqual(2);
    const owned = [found[0]!, found[1]!] as const;
    for (const reference of owned) await expect(inbox.row(reference)).toContainText(/low risk/i);

    // Keyboard: focus a checkbox and tick it with Space; the other with a click.
    await inbox.rowCheckbox(owned[0]).focus();
    await page.keyboard.press("Space");
    await inbox.rowCheckbox(owned[1]).check();
    await expect(inbox.bulkBar).toContainText("2 low-risk tickets selected");

    // Escape closes the comment form without deciding anything.
    await inbox.approveSelected.click();
    await expect(inbox.bulkDialog).toBeVisible();
    await expect(inbox.bulkComment).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(inbox.bulkDialog).toBeHidden();
    await expect(inbox.row(owned[0])).toBeVisible();

    const comment = "Standard low-risk access for the team, approved in bulk";
    await inbox.approveSelected.click();
    await inbox.bulkComment.fill(comment);
    await page.screenshot({ path: `${SCREENSHOTS}/approvals-inbox-bulk.png` });
    // Enter submits the comment form.
    await inbox.bulkComment.press("Enter");
    await expect(inbox.bulkDialog).toBeHidden();
    await expect(inbox.results).toContainText("2 approved");
    for (const reference of owned) {
      const result = inbox.results.getByRole("listitem").filter({ hasText: reference });
      await expect(result).toContainText("Approved");
      // Decided tickets leave the inbox.
      await expect(inbox.row(reference)).toHaveCount(0);
    }
    await expect(inbox.bulkBar).toHaveCount(0);

    const ticket = new RequestTicketPage(page);
    for (const reference of owned) {
      await ticket.goto(reference);
      const stage = ticket.stage("Manager");
      const avery = stage.getByRole("listitem").filter({ hasText: "Avery Approver" });
      await expect(avery).toContainText("Approved");
      await expect(avery).toContainText(comment);
    }
  });
});
