import { expect, test } from "./fixtures";
import { AdminCataloguePage } from "./pages/admin-catalogue-page";

const SHOTS = "test-results/screenshots";

test("an admin filters the catalogue and adds an entitlement, with errors beside the fields", async ({ page, signInAs }) => {
  await signInAs("adam");
  const catalogue = new AdminCataloguePage(page);
  await catalogue.goto();
  await expect(catalogue.rows("Entitlements").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/admin-catalogue-entitlements.png`, fullPage: true });

  // Filters live in the URL and the server filters: every row left is critical.
  await catalogue.filters.getByLabel("Risk tier").selectOption("CRITICAL");
  await expect(page).toHaveURL(/[?&]risk=CRITICAL/);
  // Until the filtered page arrives the previous rows stay on screen, so wait for every row to match.
  await expect(async () => {
    const texts = await catalogue.rows("Entitlements").allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain("critical");
  }).toPass();
  await catalogue.filters.getByRole("button", { name: "Clear filters" }).click();

  await page.getByRole("button", { name: "+ New entitlement" }).click();
  await expect(catalogue.panel).toBeVisible();
  await catalogue.field("System").selectOption({ label: "Staging database (staging-db)" });
  await catalogue.field("Key").fill("staging_reports");
  await catalogue.field("Name").fill("Read staging reports");
  await catalogue.field("Exact scope (JSON)").fill('{"role": "staging_reports", "privileges": ["SELECT"]');
  await expect(catalogue.panel).toContainText("Not valid JSON");
  await catalogue.field("Exact scope (JSON)").fill('{"role": "staging_reports", "privileges": ["SELECT"]}');
  await expect(catalogue.panel).not.toContainText("Not valid JSON");
  await catalogue.field("Max TTL hours").fill("0");
  await catalogue.panel.getByRole("button", { name: "Create entitlement" }).click();
  await expect(catalogue.field("Max TTL hours")).toHaveAttribute("aria-invalid", "true");
  await expect(catalogue.panel).toContainText("At least 1 hour.");
  await page.screenshot({ path: `${SHOTS}/admin-catalogue-form-errors.png`, fullPage: true });

  await catalogue.field("Max TTL hours").fill("12");
  await catalogue.panel.getByRole("button", { name: "Create entitlement" }).click();
  await expect(catalogue.panel).toHaveCount(0);
  await catalogue.search("staging_reports");
  await expect(catalogue.rows("Entitlements")).toHaveCount(1);
  await expect(catalogue.rows("Entitlements").first()).toContainText("staging-db:staging_reports");
  await expect(catalogue.rows("Entitlements").first()).toContainText("12 h");

  // The same key twice is refused by the server, beside the key.
  await page.getByRole("button", { name: "+ New entitlement" }).click();
  await catalogue.field("System").selectOption({ label: "Staging database (staging-db)" });
  await catalogue.field("Key").fill("staging_reports");
  await catalogue.field("Name").fill("Duplicate");
  await catalogue.field("Exact scope (JSON)").fill('{"role": "x"}');
  await catalogue.panel.getByRole("button", { name: "Create entitlement" }).click();
  await expect(catalogue.field("Key")).toHaveAttribute("aria-invalid", "true");
  await expect(catalogue.panel).toContainText("already");
  await catalogue.panel.getByRole("button", { name: "Cancel" }).click();

  await catalogue.goto("systems");
  await expect(catalogue.rows("Systems").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/admin-catalogue-systems.png`, fullPage: true });
  await page.getByRole("button", { name: "Edit staging-db" }).click();
  await expect(catalogue.field("Key")).toHaveValue("staging-db");
  await expect(catalogue.field("Owner")).toHaveValue(/.+/);
  await page.screenshot({ path: `${SHOTS}/admin-catalogue-system-form.png`, fullPage: true });
  await catalogue.field("Name").fill("Staging database (orders copy)");
  await catalogue.panel.getByRole("button", { name: "Save system" }).click();
  await expect(catalogue.panel).toHaveCount(0);
  await expect(catalogue.table("Systems")).toContainText("Staging database (orders copy)");
});

test("people without the admin role get a 403 on the admin screens", async ({ page, signInAs }) => {
  await signInAs("riley");
  for (const path of ["/admin/catalogue", "/admin/policy", "/admin/policy/review", "/admin/policy/versions"]) {
    await page.goto(path);
    await expect(page.getByText("403 · Forbidden")).toBeVisible();
  }
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policy" })).toHaveCount(0);
});
