import { getSessionUser } from "@/server/auth/session";
import { getPrisma } from "@/server/db/client";
import { mayExportEvidence, ticketPackStream } from "@/server/domain/evidence/ticket-pack";

export const dynamic = "force-dynamic";

/**
 * GET /api/evidence/tickets/AR-000123, for auditors and admins: the ticket's signed evidence pack
 * (ZIP), streamed as it is built. The export is recorded in the audit trail.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!mayExportEvidence(user.roles)) return Response.json({ error: "Only auditors and admins export evidence packs." }, { status: 403 });
  const { number } = await params;
  const pack = await ticketPackStream(await getPrisma(), decodeURIComponent(number), { id: user.id });
  if (!pack) return Response.json({ error: `No ticket ${number}.` }, { status: 404 });
  return new Response(pack.body, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${pack.filename}"`,
      "cache-control": "no-store",
    },
  });
}
