import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Download, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { switchTo } from "./persona-helpers";
import { EvidenceExplorerPage } from "./pages/evidence-explorer-page";
import { EvidenceTicketPage } from "./pages/evidence-ticket-page";
import { SCREENSHOTS } from "./requester-helpers";

/**
 * Audrey (internal audit) answers for one ticket who approved it, under which policy, for how
 * long, whether it was removed, and whether anything was edited, then takes the proof away: the
 * ticket's pack and the pack of her whole search, each accepted by the offline verifier with the
 * portal's public key. Reads only seeded, closed tickets that no spec changes; the exports add
 * audit events, which no other spec counts.
 */
test.describe.configure({ timeout: 120_000 });

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "auditor-evidence-"));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function verifyPack(file: string, keyFile: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "scripts/evidence-verify.ts", file, "--key", keyFile], { timeout: 60_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout }),
    );
  });
}

async function portalKey(page: Page): Promise<string> {
  const response = await page.request.get("/api/evidence/public-key");
  expect(response.ok()).toBe(true);
  const file = path.join(dir, "portal-key.pem");
  await writeFile(file, await response.text());
  return file;
}

async function saved(download: Download, name: string): Promise<string> {
  const file = path.join(dir, name);
  await download.saveAs(file);
  return file;
}

test("an auditor searches, reads a ticket's evidence, downloads its pack and the verifier accepts it", async ({ page, signInAs }) => {
  await signInAs("audrey");
  const explorer = new EvidenceExplorerPage(page);
  await explorer.goto();

  // Full text over justifications, narrowed to closed grants.
  await explorer.search.fill("monolith");
  await explorer.search.press("Enter");
  await explorer.toggle("Status", "Closed");
  await explorer.toggle("Kind", "Grant");
  await expect(page).toHaveURL(/q=monolith/);
  await expect(page).toHaveURL(/status=CLOSED/);
  await expect(async () => {
    const texts = await explorer.rows().allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.toLowerCase()).toContain("monolith");
      expect(text).toContain("Closed");
    }
  }).toPass();
  await page.screenshot({ path: `${SCREENSHOTS}/auditor-explorer.png`, fullPage: true });

  const first = explorer.rows().first().getByRole("link", { name: /^AR-\d{6}$/ });
  const number = await first.innerText();
  await first.click();

  const ticket = new EvidenceTicketPage(page);
  await ticket.expectLoaded(number);
  await expect(ticket.answers.getByRole("listitem")).toHaveCount(5);
  for (const question of ["Who approved it?", "Under which policy?"]) await expect(ticket.answer(question)).not.toBeEmpty();
  await expect(ticket.answer("Under which policy?")).toContainText(/version 1\b/i);
  await expect(page.getByText(/\d+ events intact/)).toBeVisible();
  await expect(ticket.timeline.getByRole("listitem").first()).toBeVisible();
  await expect(ticket.timeline.getByText("Intact").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/auditor-ticket-evidence.png`, fullPage: true });

  const keyFile = await portalKey(page);
  const [ticketDownload] = await Promise.all([page.waitForEvent("download"), ticket.downloadPack.click()]);
  expect(ticketDownload.suggestedFilename()).toBe(`evidence-${number}.zip`);
  const ticketPack = await verifyPack(await saved(ticketDownload, "ticket.zip"), keyFile);
  expect(ticketPack.stdout).toContain("INTACT");
  expect(ticketPack.stdout).toContain("1 ticket(s)");
  expect(ticketPack.code).toBe(0);

  // The whole search result as one pack, built with a progress bar, then verified too.
  await page.goBack();
  await expect(page).toHaveURL(/\/evidence\?/);
  const shown = await matchCount(explorer);
  const [searchDownload] = await Promise.all([page.waitForEvent("download"), explorer.exportButton.click()]);
  await expect(page.getByRole("status").filter({ hasText: "Signed pack of" })).toContainText(`${shown} ticket`);
  const searchPack = await verifyPack(await saved(searchDownload, "search.zip"), keyFile);
  expect(searchPack.stdout).toContain("INTACT");
  expect(searchPack.stdout).toContain(`${shown} ticket(s)`);
  expect(searchPack.code).toBe(0);
});

async function matchCount(explorer: EvidenceExplorerPage): Promise<number> {
  await expect(explorer.status).toContainText(/^[\d,]+ tickets? match/);
  return Number((await explorer.status.innerText()).match(/^([\d,]+)/)![1]!.replace(/,/g, ""));
}

test("a requester's explorer holds only their own tickets and those of the NHIs they own, and offers no export", async ({ page, signInAs }) => {
  await signInAs("audrey");
  const explorer = new EvidenceExplorerPage(page);
  await explorer.goto();
  const everything = await matchCount(explorer);

  await switchTo(page, signInAs, "riley");
  await explorer.goto();
  const hers = await matchCount(explorer);
  expect(hers).toBeGreaterThan(0);
  expect(hers).toBeLessThan(everything);
  await expect(explorer.exportButton).toHaveCount(0);
  for (const text of await explorer.rows().allInnerTexts()) expect(text.includes("Riley Requester") || /\bNHI\b/.test(text), text).toBe(true);
});
