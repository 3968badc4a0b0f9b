import { expect, type Locator, type Page } from "@playwright/test";

/** The policy draft editor (/admin/policy): tabs per section, Save draft, problems by path. */
export class AdminPolicyEditorPage {
  readonly heading: Locator;
  readonly saveButton: Locator;
  readonly saveStatus: Locator;
  readonly problems: Locator;
  readonly reviewLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Access policy" });
    this.saveButton = page.getByRole("button", { name: "Save draft" });
    this.saveStatus = page.getByRole("status").filter({ hasText: "Draft saved" });
    this.problems = page.getByRole("list", { name: "Draft problems" });
    this.reviewLink = page.getByRole("link", { name: "Review & publish" }).last();
  }

  async goto(): Promise<void> {
    await this.page.goto("/admin/policy");
    await expect(this.heading).toBeVisible();
  }

  async openTab(name: string): Promise<void> {
    const tab = this.page.getByRole("tab", { name: new RegExp(`^${name}`) });
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
  }

  pattern(id: string): Locator {
    return this.page.getByRole("region", { name: `Pattern ${id}`, exact: true });
  }

  workflow(key: string): Locator {
    return this.page.getByRole("region", { name: `Workflow ${key}`, exact: true });
  }

  rule(position: number, id: string): Locator {
    return this.page.getByRole("listitem", { name: `Rule ${position}: ${id}`, exact: true });
  }

  async setPatternMaxHours(id: string, hours: number): Promise<void> {
    await this.openTab("Pre-approved patterns");
    const field = this.pattern(id).getByLabel("Max hours");
    await field.fill(String(hours));
    await expect(field).toHaveValue(String(hours));
  }

  async setRuleWorkflow(position: number, id: string, workflowKey: string): Promise<void> {
    await this.openTab("Rules");
    const select = this.rule(position, id).getByRole("combobox", { name: "Workflow" });
    await select.selectOption(workflowKey);
    await expect(select).toHaveValue(workflowKey);
  }

  async removeWorkflow(key: string): Promise<void> {
    await this.openTab("Workflows");
    await this.workflow(key).getByRole("button", { name: `Remove workflow ${key}` }).click();
    await expect(this.workflow(key)).toHaveCount(0);
  }

  /** Saves and waits for the server's answer ("Draft saved…", valid or with problems). */
  async save(): Promise<void> {
    await this.saveButton.click();
    await expect(this.saveStatus).toBeVisible();
  }
}

/** Review & publish (/admin/policy/review): the diff, the simulation and the publish form. */
export class AdminPolicyReviewPage {
  readonly changes: Locator;
  readonly simulationHeading: Locator;
  readonly changedDecisions: Locator;
  readonly note: Locator;
  readonly publishButton: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.changes = page.getByRole("list", { name: "Changes against the published version" });
    this.simulationHeading = page.getByRole("heading", { name: /^This draft changes \d+ decisions?$/ });
    this.changedDecisions = page.getByRole("table", { name: "Changed decisions" });
    this.note = page.getByLabel("Note for this version");
    this.publishButton = page.getByRole("button", { name: "Publish…" });
    this.problems = page.getByRole("list", { name: "Draft problems" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/admin/policy/review");
    await expect(this.page.getByRole("heading", { level: 1, name: "Access policy" })).toBeVisible();
  }

  /** The number in "This draft changes N decisions". */
  async changedCount(): Promise<number> {
    const text = await this.simulationHeading.innerText();
    return Number(/(\d+)/.exec(text)?.[1] ?? Number.NaN);
  }

  async publish(note: string): Promise<number> {
    await this.note.fill(note);
    await this.publishButton.click();
    const confirm = this.page.getByRole("button", { name: /^Confirm publish v\d+$/ });
    const label = await confirm.innerText();
    await confirm.click();
    const version = Number(/v(\d+)/.exec(label)?.[1]);
    await expect(this.page.getByRole("status").filter({ hasText: `Published v${version}` })).toBeVisible();
    return version;
  }
}
