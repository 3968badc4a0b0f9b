import { Readable } from "node:stream";
import { getSessionUser } from "@/server/auth/session";
import { openExport } from "@/server/domain/evidence/exports";

export const dynamic = "force-dynamic";

/** GET /api/evidence/packs/<id>: a pack exported through POST /api/evidence/packs, for the person who exported it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const found = await openExport(user.id, (await params).id);
  if (!found) return Response.json({ error: "No pack with this id that you exported in the last day." }, { status: 404 });
  return new Response(Readable.toWeb(found.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(found.pack.bytes),
      "content-disposition": `attachment; filename="${found.pack.fileName}"`,
      "cache-control": "no-store",
    },
  });
}
