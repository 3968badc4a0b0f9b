/** What a real page or answer must hold, so a sign-in redirect or a refusal never counts as served. */
export interface Expectation {
  path: string;
  contains: string[];
  lacks?: string[];
}

const REFUSED = ["You do not have access to", "Choose a demo persona"];

export async function checkResponses(origin: string, cookie: string, expectations: Expectation[]): Promise<void> {
  for (const { path, contains, lacks = REFUSED } of expectations) {
    const response = await fetch(`${origin}${path}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status} ${response.headers.get("location") ?? ""}`.trim());
    const missing = contains.filter((text) => !body.includes(text));
    const refused = lacks.filter((text) => body.includes(text));
    if (missing.length > 0 || refused.length > 0) {
      throw new Error(`GET ${path} is not the expected page: ${missing.map((t) => `lacks "${t}"`).concat(refused.map((t) => `shows "${t}"`)).join(", ")}`);
    }
  }
}

/** GET URL of a tRPC query, with the superjson envelope the portal's client sends. */
export function trpcQueryPath(procedure: string, input: unknown): string {
  return `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}
