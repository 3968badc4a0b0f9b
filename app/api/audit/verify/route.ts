import { canAccess } from "@/server/auth/roles";
import { getSessionUser } from "@/server/auth/session";
import { getPrisma } from "@/server/db/client";
import { verifyChainStream } from "@/server/domain/audit/verify-stream";

export const dynamic = "force-dynamic";

/**
 * POST /api/audit/verify, for auditors: walks the whole audit chain and streams its progress as
 * newline-delimited JSON (`{"type":"progress","checked":…,"total":…}` per batch, then
 * `{"type":"result",…}`), so the page can show a progress bar on a long chain.
 */
export async function POST(): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!canAccess(user.roles, "auditor")) return Response.json({ error: "Only auditors verify the audit chain." }, { status: 403 });
  return new Response(verifyChainStream(await getPrisma()), {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
