import { getPrisma } from "@/server/db/client";
import { checkApiKey } from "@/server/domain/credentials/api-key-check";

/**
 * POST /api/keys/check with `Authorization: Bearer <key>` (or a JSON body `{ "key": "…" }`):
 * 200 `{ valid: true, identity, version }` for a usable key, 401 `{ valid: false, reason }` with
 * reason unknown, revoked or expired. The key is never logged nor echoed.
 */
export async function POST(request: Request): Promise<Response> {
  const key = await presentedKey(request);
  if (key === null) {
    return answer(400, { valid: false, error: 'send the key as "Authorization: Bearer <key>" or as a JSON body {"key": "<key>"}' });
  }
  try {
    const result = await checkApiKey(await getPrisma(), key, new Date());
    if (result.valid) return answer(200, { valid: true, identity: result.identity, version: result.version });
    return answer(401, { valid: false, reason: result.reason }, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  } catch (error) {
    console.error("[keys/check] the key check failed:", error instanceof Error ? error.message : error);
    return answer(500, { valid: false, error: "The key could not be checked. The problem was logged." });
  }
}

async function presentedKey(request: Request): Promise<string | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  if (!request.headers.get("content-type")?.toLowerCase().includes("application/json")) return null;
  const body: unknown = await request.json().catch(() => null);
  if (typeof body !== "object" || body === null || !("key" in body)) return null;
  const key = (body as { key: unknown }).key;
  return typeof key === "string" && key.length > 0 ? key : null;
}

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
