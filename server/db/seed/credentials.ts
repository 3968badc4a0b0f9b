import type { Prisma } from "@/server/db/generated/client";
import { sha256Hex } from "@/server/domain/audit/canonical";
import { addMs } from "./random";
import type { Walk } from "./walk";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The secret or certificate a grant issued: metadata only, never a usable credential. */
export function credential(w: Walk, grant: Prisma.GrantCreateManyInput): void {
  const { plan } = w;
  const at = grant.grantedAt as Date;
  if (grant.type === "SECRET") {
    const rotatedFrom = plan.kind === "ROTATE" && plan.parent ? plan.parent.ids.credential : null;
    w.rows.secrets.push({
      id: plan.ids.credential,
      grantId: grant.id!,
      identityId: plan.subject.id,
      label: `${plan.entitlement.name} for ${plan.subject.name}`,
      // The key itself was shown once to the owner; only its digest and visible prefix remain.
      fingerprint: sha256Hex(`seed-key:${plan.ids.credential}:${w.rng.hex(16)}`),
      prefix: `acme_${w.rng.hex(3)}`,
      algorithm: "sha256",
      version: rotatedFrom ? 2 : 1,
      rotatedFromId: rotatedFrom,
      expiresAt: grant.expiresAt ?? null,
      lastUsedAt: addMs(at, w.rng.real(MIN, HOUR)),
      createdAt: at,
      updatedAt: at,
    });
  } else if (grant.type === "CERTIFICATE") {
    w.rows.certificates.push({
      id: plan.ids.credential,
      grantId: grant.id!,
      identityId: plan.subject.id,
      serialNumber: grant.externalRef!,
      fingerprintSha256: sha256Hex(`seed-cert:${plan.ids.credential}`),
      subjectDn: `CN=${plan.subject.name}.svc.acme.internal,O=Acme Corp`,
      issuerDn: "CN=Acme Internal Issuing CA 1,O=Acme Corp",
      // Seeded certificates carry their metadata only; the CA connector issues real ones.
      pem: "",
      notBefore: at,
      notAfter: (grant.expiresAt as Date | null) ?? addMs(at, 30 * 24 * HOUR),
      createdAt: at,
      updatedAt: at,
    });
  }
}

export function revokeCredential(w: Walk, grant: Prisma.GrantCreateManyInput, reason: string): void {
  const secret = w.rows.secrets.find((s) => s.grantId === grant.id);
  if (secret) Object.assign(secret, { revokedAt: w.t, updatedAt: w.t });
  const cert = w.rows.certificates.find((c) => c.grantId === grant.id);
  if (cert) Object.assign(cert, { revokedAt: w.t, revocationReason: reason.startsWith("superseded") ? "superseded" : "cessationOfOperation", updatedAt: w.t });
}
