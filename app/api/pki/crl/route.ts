import { portalAuthority } from "@/server/connectors/ca/authority";
import { buildCrl } from "@/server/connectors/ca/crl";
import { getPrisma } from "@/server/db/client";
import { ConfigError } from "@/server/env";

export const dynamic = "force-dynamic";

/**
 * GET /api/pki/crl: the internal CA's current CRL, DER-encoded and signed now. Every revoked,
 * unexpired certificate the CA issued is on it; relying parties fetch a new one by nextUpdate.
 */
export async function GET(): Promise<Response> {
  try {
    const [db, authority] = await Promise.all([getPrisma(), portalAuthority()]);
    const current = await buildCrl(db, authority, new Date());
    return new Response(current.der, {
      status: 200,
      headers: {
        "Content-Type": "application/pkix-crl",
        "Content-Disposition": 'inline; filename="portal-ca.crl"',
        "Cache-Control": "public, max-age=60",
        "Last-Modified": current.thisUpdate.toUTCString(),
        Expires: current.nextUpdate.toUTCString(),
      },
    });
  } catch (error) {
    return unavailable(error);
  }
}

function unavailable(error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[pki/crl] the CRL could not be produced:`, message);
  const body = error instanceof ConfigError ? `The certificate authority is not configured: ${message}` : "The CRL could not be produced. The problem was logged.";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
