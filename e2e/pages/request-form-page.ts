import { expect, type Locator, type Page } from "@playwright/test";
import { CatalogueSearch } from "./catalogue-search";

/** /requests/new: the kind, subject, catalogue, justification and expiry, with the live decision preview. */
export class RequestFormPage {
  readonly heading: Locator;
  readonly catalogue: CatalogueSearch;
  readonly preview: Locator;
  readonly justification: Locator;
  readonly expiry: Locator;
  readonly useLongestExpiry: Locator;
  readonly submitButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "New request" });
    this.catalogue = new CatalogueSearch(page);
    this.preview = page.getByRole("region", { name: "Decision preview" });
    this.justification = page.getByRole("textbox", { name: "Business justification" });
    this.expiry = page.getByLabel("Expires (UTC)");
    this.useLongestExpiry = page.getByRole("button", { name: "Use the longest allowed" });
    this.submitButton = page.getByRole("button", { name: "Submit request" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/requests/new");
    await expect(this.heading).toBeVisible();
  }

  kind(kind: "Grant" | "Modify" | "Revoke" | "Rotate" | "Exception"): Locator {
    return this.page.getByRole("group", { name: "Kind of request" }).getByRole("radio", { name: new RegExp(`^${kind}\\b`) });
  }

  /** One of the subject's active grants that a change, removal or rotation acts on, by what it grants. */
  activeGrant(what: string): Locator {
    return this.page.getByRole("group", { name: "Access held now" }).getByRole("radio", { name: new RegExp(`^${what}\\b`) });
  }

  async chooseKind(kind: "Grant" | "Modify" | "Revoke" | "Rotate" | "Exception"): Promise<void> {
    await this.kind(kind).check();
  }

  async chooseExceptionType(type: "Emergency" | "Vendor" | "Automation"): Promise<void> {
    await this.page.getByRole("group", { name: "Exception type" }).getByRole("radio", { name: new RegExp(`^${type}\\b`) }).check();
  }

  async chooseSubject(option: RegExp | string): Promise<void> {
    await this.page.getByRole("group", { name: "Who is the access for?" }).getByRole("radio", { name: option }).check();
  }

  /** The message shown beside a field (the server's refusal, with the policy's rule). */
  fieldError(id: string): Locator {
    return this.page.locator(`#${id}-error`);
  }

  async expectPreview(text: string | RegExp): Promise<void> {
    await expect(this.preview).toContainText(text, { timeout: 15_000 });
  }

  /** Submits and waits for the ticket page; returns the ticket number from the URL. */
  async submitAndOpenTicket(): Promise<string> {
    await this.submitButton.click();
    await this.page.waitForURL(/\/requests\/AR-\d{6}$/);
    return this.page.url().split("/").at(-1)!;
  }
}
