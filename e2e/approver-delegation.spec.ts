import { expect, test, type PersonaKey } from "./fixtures";
import { DelegationPage } from "./pages/delegation-page";
import { InboxPage } from "./pages/inbox-page";
import { RequestFormPage } from "./pages/request-form-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";
import type { Page } from "@playwright/test";

const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/**
 * Avery delegates to Adam for a few days; a fresh ticket of Riley's (queue administrator on the
 * service desk, decided by Riley's manager Avery) reaches Adam on Avery's behalf, Adam approves it,
 * and the ticket records it. The spec files its own ticket and ends its delegation at the end, so
 * tickets filed by later specs route to Avery again.
 */
const REASON = "Customer visits in Lisbon.";

test.describe("Avery is away and Adam decides on her behalf", () => {
  // Later specs expect Avery's tickets to reach Avery: if the first test stops before ending its
  // delegation, end it here through the same procedure the End now button calls.
  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in as Avery Approver" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    const list = await page.request.get("/api/trpc/delegations.list");
    const body = (await list.json()) as { result: { data: { json: { given: { id: string; reason: string | null; status: string }[] } } } };
    for (const d of body.result.data.json.given.filter((g) => g.reason === REASON && (g.status === "active" || g.status === "upcoming"))) {
      const ended = await page.request.post("/api/trpc/delegations.end", { data: { json: { id: d.id } } });
      expect(ended.ok()).toBe(true);
    }
    await page.close();
  });

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
    await delegation.reason.fill(REASON);
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
    const number = await fileQueueAdminTicket(page, "Taking over the billing queue rota while the support lead is on parental leave.");
    const ticket = new RequestTicketPage(page);
    await expect(ticket.stage("Manager")).toContainText("Adam Admin on behalf of Avery Approver");

    // Adam finds it in his inbox on Avery's behalf and approves it.
    await switchTo("adam");
    const inbox = new InboxPage(page);
    await inbox.goto(`?q=${number}`);
    const row = inbox.row(number);
    await expect(row).toContainText("On behalf of Avery Approver");
    await page.screenshot({ path: `${SCREENSHOTS}/approver-delegation-inbox.png`, fullPage: true });
    await row.getByRole("link", { name: number }).click();
    await page.waitForURL(`**/approvals/${number}`);
    const decision = page.getByRole("form", { name: "Decision" });
    await decision.getByRole("textbox", { name: "Comment (optional)" }).fill("Covering for Avery: fine for the billing rota.");
    await decision.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status", { name: "Decision recorded" })).toContainText(`You approved ${number}`);

    // The ticket shows who decided, and for whom.
    await ticket.goto(number);
    await expect(ticket.stage("Manager")).toContainText("Adam Admin on behalf of Avery Approver");
    await expect(ticket.stage("Manager")).toContainText(/Approved/);

    // Avery is back early: the delegation ends now.
    await switchTo("avery");
    await delegation.goto();
    await delegation.endNow(delegation.givenTo("Adam Admin").filter({ hasText: "Active" }).first());
    await expect(delegation.banner).toContainText("You are not delegating today");
    await expect(delegation.givenTo("Adam Admin").first()).toContainText("Ended");
  });

  test("the requester answers the approver's question on the ticket page and the ticket is back in the inbox", async ({ page, signInAs }) => {
    test.setTimeout(120_000);
    const switchTo = async (key: PersonaKey) => {
      await page.context().clearCookies();
      await signInAs(key);
    };
    await switchTo("riley");
    const number = await fileQueueAdminTicket(page, "Covering the billing queue during the end-of-year support rota.");

    // Avery asks through the review page's decision panel.
    await switchTo("avery");
    await page.goto(`/approvals/${number}`);
    const decision = page.getByRole("form", { name: "Decision" });
    await decision.getByRole("radio", { name: /^Ask for more information/ }).check();
    await decision.getByRole("textbox", { name: "Question for the requester (required)" }).fill("Which queues exactly: billing only, or customer support too?");
    await decision.getByRole("button", { name: "Send question" }).click();
    await expect(page.getByRole("status", { name: "Decision recorded" })).toContainText("Question sent");

    // Riley sees the question first thing on the ticket; an empty answer is refused in place.
    await switchTo("riley");
    const ticket = new RequestTicketPage(page);
    await ticket.goto(number);
    const callout = page.getByRole("region", { name: /^The approver asked:/ });
    await expect(callout).toContainText("Avery Approver");
    await expect(callout).toContainText("Which queues exactly: billing only, or customer support too?");
    await callout.getByRole("button", { name: "Send answer" }).click();
    await expect(callout.getByRole("alert")).toContainText("Write your answer");
    await page.screenshot({ path: `${SCREENSHOTS}/requester-answer-question.png`, fullPage: true });
    await callout.getByRole("textbox", { name: "Your answer" }).fill("Billing only; customer support stays with the support leads.");
    await callout.getByRole("button", { name: "Send answer" }).click();
    await expect(callout).toBeHidden();
    await expect(ticket.comments).toContainText("Billing only; customer support stays with the support leads.");

    // The ticket waits on Avery again.
    await switchTo("avery");
    const inbox = new InboxPage(page);
    await inbox.goto(`?q=${number}`);
    await expect(inbox.row(number)).toBeVisible();
  });
});

/** Riley files a queue-administrator grant for themself, decided by their manager Avery; returns its number. */
async function fileQueueAdminTicket(page: Page, justification: string): Promise<string> {
  const form = new RequestFormPage(page);
  await form.goto();
  await form.catalogue.pick("servicedesk", "Queue administrator");
  await form.justification.fill(justification);
  await form.expectPreview("Avery Approver");
  await form.useLongestExpiry.click();
  return form.submitAndOpenTicket();
}
