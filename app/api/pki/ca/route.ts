import { portalAuthority } from "@/server/connectors/ca/authority";
import { ConfigError } from "@/server/env";

export const dynamic = "force-dynamic";

/** GET /api/pki/ca: the internal CA's certificate (PEM), the trust anchor for what it issues. */
export async function GET(): Promise<Response> {
  try {
    const authority = await portalAuthority();
    return new Response(authority.certificatePem, {
      status: 200,
      headers: {
        "Content-Type": "application/x-pem-file",
        "Content-Disposition": 'inline; filename="portal-ca.pem"',
        "Cache-Control": "public, max-age=3600",
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error("[pki/ca] the CA certificate could not be read:", message);
    const body = error instanceof ConfigError ? `The certificate authority is not configured: ${message}` : "The CA certificate could not be read. The problem was logged.";
    return new Response(body, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
}
