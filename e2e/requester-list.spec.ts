import { expect, test } from "./fixtures";
import { RequestListPage } from "./pages/request-list-page";
import { SCREENSHOTS } from "./requester-helpers";

test("My requests pages, sorts and filters on the server with its state in the URL", async ({ page, signInAs }) => {
  await signInAs("riley");
  const list = new RequestListPage(page);
  await list.goto();
  await expect(list.rows().first()).toContainText(/AR-\d{6}/);
  await page.screenshot({ path: `${SCREENSHOTS}/requests-list.png`, fullPage: true });

  await list.sortButton("Number").click();
  await expect(page).toHaveURL(/sort=number/);
  await expect(list.table.getByRole("columnheader", { name: "Number" })).toHaveAttribute("aria-sort", "ascending");

  await list.status.selectOption("PENDING_APPROVAL");
  await expect(page).toHaveURL(/status=PENDING_APPROVAL/);
  // Until the filtered page arrives the previous rows stay on screen, so wait for every row to match.
  await expect(async () => {
    const texts = await list.rows().allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain("Pending approval");
  }).toPass();

  // The URL alone restores the view.
  const url = page.url();
  await page.goto(url);
  await expect(list.status).toHaveValue("PENDING_APPROVAL");
  await expect(list.table.getByRole("columnheader", { name: "Number" })).toHaveAttribute("aria-sort", "ascending");

  await list.search.fill("zzzz-nothing-matches");
  await expect(page).toHaveURL(/q=zzzz-nothing-matches/);
  await expect(page.getByText("No request matches these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/status=|q=/);
  await expect(list.rows().first()).toBeVisible();

  await list.newRequest.click();
  await expect(page.getByRole("heading", { level: 1, name: "New request" })).toBeVisible();
});
