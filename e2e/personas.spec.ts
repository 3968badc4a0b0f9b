import { expect, homeFiguresFromApi, persona, test, type PersonaKey } from "./fixtures";
import type { HomePage } from "./pages/home-page";

/** Each section of the home page shows exactly for the roles it belongs to, whoever the persona is. */
async function expectSectionsForRoles(home: HomePage, key: PersonaKey): Promise<void> {
  const roles: readonly string[] = persona(key).roles;
  const approver = roles.includes("APPROVER");
  const oversight = roles.includes("AUDITOR") || roles.includes("ADMIN");
  await expect(home.stat("Waiting on me")).toHaveCount(approver ? 1 : 0);
  await expect(home.panel("Waiting on your decision")).toHaveCount(approver ? 1 : 0);
  await expect(home.stat("Audit-chain integrity")).toHaveCount(oversight ? 1 : 0);
  await expect(home.stat("Expiring in 7 days")).toHaveCount(oversight ? 1 : 0);
  await expect(home.panel("Catalogue and policy")).toHaveCount(roles.includes("ADMIN") ? 1 : 0);
  // Re-verifying the chain is the auditor's tool; an admin sees the result but cannot run it.
  await expect(home.page.getByRole("button", { name: "Verify now" })).toHaveCount(roles.includes("AUDITOR") ? 1 : 0);
}

test.describe("persona home pages", () => {
  test("Riley the requester sees their open requests and no approver or audit sections", async ({ signInAs, page }) => {
    const home = await signInAs("riley");
    await expect(home.signedInUser).toContainText(persona("riley").name);
    await expect(home.signedInUser).toContainText("Requester");

    const api = await homeFiguresFromApi(page);
    const shown = await home.statValue("My open requests");
    expect(shown).toBe(api.myRequests.openCount);
    expect(shown).toBeGreaterThan(0);
    const rows = home.list("My requests in progress").getByRole("listitem");
    await expect(rows).toHaveCount(Math.min(shown, 5));
    await expect(rows.first()).toContainText(/AR-\d{6}/);
    await expect(rows.first()).toContainText(api.myRequests.recent[0]!.title);

    expect(persona("riley").roles).toEqual(["REQUESTER"]);
    await expectSectionsForRoles(home, "riley");
  });

  test("Avery the approver sees what waits on them, oldest first, with SLA state", async ({ signInAs, page }) => {
    const home = await signInAs("avery");
    const api = await homeFiguresFromApi(page);
    expect(api.waitingOnMe).not.toBeNull();

    const waiting = await home.statValue("Waiting on me");
    expect(waiting).toBe(api.waitingOnMe!.count);
    expect(waiting).toBeGreaterThan(0);
    await expect(home.stat("Waiting on me").locator("[data-sla-tone]")).toHaveAttribute("data-sla-tone", /ok|warn|danger/);

    const rows = home.list("Waiting on your decision").getByRole("listitem");
    await expect(rows).toHaveCount(Math.min(waiting, 5));
    for (const [index, item] of api.waitingOnMe!.oldest.entries()) {
      await expect(rows.nth(index)).toContainText(item.number);
    }
    await expect(rows.first().locator("[data-sla]")).toBeVisible();

    // Avery also requests access, so their own tickets are there too.
    expect(await home.statValue("My open requests")).toBe(api.myRequests.openCount);
    await expectSectionsForRoles(home, "avery");
  });

  test("Audrey the auditor sees an intact audit chain and grants about to expire", async ({ signInAs, page }) => {
    const home = await signInAs("audrey");
    const api = await homeFiguresFromApi(page);

    const integrity = home.stat("Audit-chain integrity");
    await expect(integrity.getByText("Audit chain intact")).toBeVisible();
    const events = await home.statValue("Audit-chain integrity");
    expect(events).toBe(api.auditIntegrity!.total);
    expect(events).toBeGreaterThan(0);

    const expiring = await home.statValue("Expiring in 7 days");
    expect(expiring).toBe(api.expiringGrants!.count);
    const rows = home.list("Grants expiring soon").getByRole("listitem");
    await expect(rows).toHaveCount(Math.min(expiring, 5));

    await expectSectionsForRoles(home, "audrey");
  });

  test("Audrey can re-verify the whole audit chain from the home page", async ({ signInAs }) => {
    const home = await signInAs("audrey");
    const integrity = home.stat("Audit-chain integrity");
    await integrity.getByRole("button", { name: "Verify now" }).click();
    await expect(integrity.getByRole("status")).toContainText(/Checked [\d,]+ events: the chain is intact\./);
    const checked = Number((await integrity.getByRole("status").innerText()).replace(/[^\d]/g, ""));
    expect(checked).toBeGreaterThanOrEqual(await home.statValue("Audit-chain integrity"));
  });

  test("Adam the admin sees catalogue and policy figures", async ({ signInAs, page }) => {
    const home = await signInAs("adam");
    const api = await homeFiguresFromApi(page);
    const catalogue = home.panel("Catalogue and policy");
    await expect(catalogue).toBeVisible();

    const systems = catalogue.getByRole("definition").nth(0);
    const entitlements = catalogue.getByRole("definition").nth(1);
    await expect(systems).toHaveText(String(api.catalogue!.systems));
    await expect(entitlements).toHaveText(api.catalogue!.entitlements.toLocaleString("en"));
    expect(api.catalogue!.systems).toBeGreaterThan(0);
    expect(api.catalogue!.entitlements).toBeGreaterThan(0);

    await expect(home.stat("Audit-chain integrity").getByText("Audit chain intact")).toBeVisible();
    await expectSectionsForRoles(home, "adam");
  });
});
