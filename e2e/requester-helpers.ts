import { expect, type Page } from "@playwright/test";

/** How many tickets the signed-in requester has, read through the app's own API with the page's session. */
export async function myRequestCount(page: Page): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ json: { page: 1, pageSize: 1 } }));
  const response = await page.request.get(`/api/trpc/requests.mine?input=${input}`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { total: number } } } };
  return body.result.data.json.total;
}

export const SCREENSHOTS = "test-results/screenshots";
