import { expect, type Locator, type Page } from "@playwright/test";

/** /evidence/tickets/AR-…: the five answers, the timeline with hashes, and the ticket's pack. */
export class EvidenceTicketPage {
  readonly heading: Locator;
  readonly answers: Locator;
  readonly timeline: Locator;
  readonly downloadPack: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.answers = page.getByRole("region", { name: "Answers" });
    this.timeline = page.getByRole("region", { name: "Timeline" });
    this.downloadPack = page.getByRole("link", { name: "Download evidence pack" });
  }

  async expectLoaded(number: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/evidence/tickets/${number}$`));
    await expect(this.page.getByText(`${number} · Evidence`)).toBeVisible();
  }

  answer(question: string): Locator {
    return this.answers.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name: question }) });
  }
}
