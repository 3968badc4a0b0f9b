import { portalEvidenceKey } from "@/server/domain/evidence/signing-key";

export const dynamic = "force-dynamic";

/** GET /api/evidence/public-key: the PEM key that verifies evidence packs (`evidence:verify --key`). */
export function GET(): Response {
  return new Response(portalEvidenceKey().publicKeyPem, {
    headers: { "content-type": "application/x-pem-file", "content-disposition": 'inline; filename="portal-evidence-public-key.pem"', "cache-control": "no-store" },
  });
}
