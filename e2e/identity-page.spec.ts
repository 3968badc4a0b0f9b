import { expect, test } from "./fixtures";
import { IdentityPage } from "./pages/identity-page";
import { RequestListPage } from "./pages/request-list-page";
import { RequestTicketPage } from "./pages/request-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * Riley opens svc-checkout-worker ("Checkout worker", an NHI she owns) from one of its active
 * tickets. Only reads: it changes nothing. Whichever active ticket of that NHI comes first (a seeded
 * API-key ticket, or one another spec added) must show up on the identity page with its key.
 */
test("an NHI's owner goes from a ticket to the identity page and sees its grants and key versions", async ({ page, signInAs }) => {
  await signInAs("riley");
  const list = new RequestListPage(page);
  await list.goto();
  await list.status.selectOption("ACTIVE");
  await list.search.fill("Checkout worker");
  await expect(page).toHaveURL(/q=Checkout/);
  await expect(async () => {
    const texts = await list.rows().allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain("Checkout worker");
  }).toPass();
  const numbers = (await list.rows().allInnerTexts()).map((text) => text.match(/AR-\d{6}/)?.[0]).filter((n): n is string => Boolean(n));
  const number = numbers[0];
  expect(number, "an active ticket of Checkout worker").toBeDefined();

  const ticket = new RequestTicketPage(page);
  await ticket.goto(number!);
  await page.getByTitle("Open the identity page").click();

  const identity = new IdentityPage(page);
  await identity.expectLoaded("Checkout worker");
  await expect(page.getByText("svc-checkout-worker", { exact: true })).toBeVisible();
  await expect(page.getByText("Riley Requester", { exact: true }).first()).toBeVisible();

  // Grants of its active tickets are held now, each with its ticket linked back. (A ticket whose key was
  // since rotated stays ACTIVE while its own grant is replaced, so not every active ticket is in this table.)
  const heldRows = identity.rows(identity.held).filter({ has: page.getByRole("link", { name: new RegExp(`^(${numbers.join("|")})$`) }) });
  const heldKey = heldRows.filter({ hasText: /API key/i }).first();
  await expect(heldKey).toBeVisible();
  const heldNumber = (await heldKey.getByRole("link", { name: /^AR-\d{6}$/ }).innerText()).trim();

  // Every key version is listed by prefix and fingerprint: the live ones with their rotation status, the replaced ones revoked.
  const keys = identity.rows(identity.credentials);
  await expect(keys.filter({ hasText: /API key v\d/ }).first()).toBeVisible();
  expect(await keys.count()).toBeGreaterThanOrEqual(2);
  await expect(keys.filter({ has: page.getByRole("link", { name: heldNumber }) }).locator("[data-rotation]").first()).toHaveAttribute("data-rotation", /^(ok|due_soon|overdue)$/);
  await expect(keys.locator('[data-rotation="revoked"]').first()).toBeVisible();
  await expect(identity.credentials).not.toContainText(/BEGIN|PRIVATE KEY/);
  // The removed key's closing evidence was read back from the issuer.
  await expect(identity.history.getByRole("listitem").first()).toContainText(/REVOKED.*read back/s);
  await page.screenshot({ path: `${SCREENSHOTS}/identity-nhi.png`, fullPage: true });

  // Back to the ticket through the held grant's link.
  await heldKey.getByRole("link", { name: heldNumber }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${heldNumber}$`));
  await expect(ticket.heading).toBeVisible();
});

/** Riley's own page: a person with PostgreSQL grants, her manager, and the NHIs she owns. Read only. */
test("a person's own identity page shows the access they hold and the NHIs they own", async ({ page, signInAs }) => {
  await signInAs("riley");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identities" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Identities" })).toBeVisible();
  await page.getByRole("table", { name: "Identities" }).getByRole("link", { name: "Riley Requester" }).click();

  const identity = new IdentityPage(page);
  await identity.expectLoaded("Riley Requester");
  await expect(identity.rows(identity.held).filter({ hasText: "PostgreSQL" }).first()).toBeVisible();
  const owned = page.getByRole("list", { name: "Owned identities" });
  await expect(owned.getByRole("link", { name: "Checkout worker" })).toBeVisible();
  await expect(owned.getByRole("link", { name: "Checkout CI deployer" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/identity-person.png`, fullPage: true });
});
