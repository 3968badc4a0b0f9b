import { getSessionUser } from "@/server/auth/session";
import { getPrisma } from "@/server/db/client";
import { exportPackStream, parsePackRequest } from "@/server/domain/evidence/exports";
import { mayExportEvidence } from "@/server/domain/evidence/ticket-pack";

export const dynamic = "force-dynamic";

/**
 * POST /api/evidence/packs, for auditors and admins, with `{ "filter": {…explorer filter…} }` or
 * `{ "from": "2026-01-01", "to": "2026-04-01" }`: builds the signed pack of that search result or
 * period and streams its progress as newline-delimited JSON, ending with the download's address.
 */
export async function POST(request: Request): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!mayExportEvidence(user.roles)) return Response.json({ error: "Only auditors and admins export evidence packs." }, { status: 403 });
  const parsed = parsePackRequest(await request.json().catch(() => null));
  if (!parsed.ok) return Response.json({ error: parsed.message, field: parsed.field }, { status: 400 });
  return new Response(exportPackStream(await getPrisma(), parsed.selection, user), {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
