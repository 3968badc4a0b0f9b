import { expect, test, type PersonaKey } from "./fixtures";
import { DelegationPage } from "./pages/delegation-page";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";

const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/**
 * Avery delegates to Adam for a few days; a fresh ticket of Riley's (queue administrator on the
 * service desk, decided by Riley's manager Avery) reaches Adam on Avery's behalf, Adam approves it,
 * and the ticket records it. The spec files its own ticket and ends its delegation at the end, so
 * tickets filed by later specs route to Avery again.
 */
test.describe("Avery is away and Adam decides on her behalf", () => {
  test("delegation set up in the UI routes a new ticket to the delegate, who approves it", async ({ page, signInAs }) => {
    test.setTimeout(120_000);
    const switchTo = async (key: PersonaKey) => {
      await page.context().clearCookies();
      await signInAs(key);
    };

    // Avery plans today and the next three days away, with Adam deciding.
    await switchTo("avery");
    await page.getByRole("navigation").getByRole("link", { name: "Delegation" }).click();
    const delegation = new DelegationPage(page);
    await expect(delegation.heading).toBeVisible();
    await delegation.pickDelegate("adam", "Adam Admin");
    await delegation.startsOn.fill(isoDay(0));
    await delegation.endsOn.fill(isoDay(3));
    await delegation.reason.fill("Customer visits in Lisbon.");
    await delegation.submitButton.click();
    await expect(delegation.banner).toContainText("You are out of office: Adam Admin decides for you");
    await expect(delegation.givenTo("Adam Admin").first()).toContainText("Active");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-delegation.png`, fullPage: true });

    // A second delegate for the same days is refused beside the dates, with the rule.
    await delegation.pickDelegate("helen", "Helen Carter");
    await delegation.startsOn.fill(isoDay(1));
    await delegation.endsOn.fill(isoDay(2));
    await delegation.submitButton.click();
    await expect(delegation.fieldError("startsOn")).toContainText("overlap your delegation to Adam Admin");

    // Riley asks for something Avery, as Riley's manager, decides.
    await switchTo("riley");
    const form = new RequestFormPage(page);
    await form.goto();
    await form.catalogue.pick("servicedesk", "Queue administrator");
    await form.justification.fill("Taking over the billing queue rota while the support lead is on parental leave.");
    await form.expectPreview("Avery Approver");
    await form.useLongestExpiry.click();
    const number = await form.submitAndOpenTicket();
    const ticket = new RequestTicketPage(page);
    await expect(ticket.stage("Manager")).toContainText("Adam Admin (for Avery Approver)");

    // Adam finds it in his inbox on Avery's behalf and approves it.
    await switchTo("adam");
    await page.goto("/approvals");
    const row = page.getByRole("row").filter({ hasText: number });
    await expect(row).toContainText("On behalf of Avery Approver");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-delegation-inbox.png`, fullPage: true });
    await page.goto(`/approvals/${number}`);
    await page.getByRole("textbox", { name: /comment/i }).first().fill("Covering for Avery: fine for the billing rota.");
    await page.getByRole("button", { name: /^Approve/ }).first().click();
    await expect(page.getByText(/approved/i).first()).toBeVisible();

    // The ticket shows who decided, and for whom.
    await ticket.goto(number);
    await expect(ticket.stage("Manager")).toContainText("Adam Admin (for Avery Approver)");
    await expect(ticket.stage("Manager")).toContainText(/Approved/);

    // Avery is back early: the delegation ends now.
    await switchTo("avery");
    await delegation.goto();
    await delegation.endNow(delegation.givenTo("Adam Admin").filter({ hasText: "Active" }).first());
    await expect(delegation.banner).toContainText("You are not delegating today");
    await expect(delegation.givenTo("Adam Admin").first()).toContainText("Ended");
  });
});
