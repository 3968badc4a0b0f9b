import type { PrismaClient } from "@/server/db/generated/client";
import { rotationStatus, type RotationState } from "./clock";

/** A secret or certificate an identity was issued: metadata only, never a usable value. */
export interface CredentialRow {
  id: string;
  kind: "SECRET" | "CERTIFICATE";
  label: string;
  /** Secrets: the visible prefix the owner recognises their key by. */
  prefix: string | null;
  version: number | null;
  /** A version this one replaced, for secrets issued by rotation. */
  rotatedFromId: string | null;
  /** SHA-256 of the key or of the certificate's DER encoding. */
  fingerprint: string;
  serialNumber: string | null;
  subjectDn: string | null;
  issuerDn: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  lastUsedAt: Date | null;
  rotation: RotationState;
  rotationDueAt: Date | null;
  grantStatus: string;
  requestId: string;
  requestNumber: number;
}

const ORDER: Record<RotationState, number> = { overdue: 0, due_soon: 1, ok: 2, no_period: 3, expired: 4, revoked: 5 };

/** Every version of the identity's secrets and certificates; live ones first, the most urgent rotation on top. */
export async function credentialsOf(db: PrismaClient, identityId: string, rotationPeriodDays: number | null, now: Date, limit: number): Promise<CredentialRow[]> {
  const grant = { select: { status: true, request: { select: { id: true, number: true } } } } as const;
  const [secrets, certificates] = await Promise.all([
    db.secret.findMany({
      where: { identityId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        label: true,
        prefix: true,
        fingerprint: true,
        version: true,
        rotatedFromId: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        createdAt: true,
        grant,
      },
    }),
    db.certificate.findMany({
      where: { identityId },
      orderBy: [{ notBefore: "desc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        serialNumber: true,
        fingerprintSha256: true,
        subjectDn: true,
        issuerDn: true,
        notBefore: true,
        notAfter: true,
        revokedAt: true,
        revocationReason: true,
        grant,
      },
    }),
  ]);
  const rows: CredentialRow[] = [
    ...secrets.map((s): CredentialRow => {
      const rotation = rotationStatus({ issuedAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt }, rotationPeriodDays, now);
      return {
        id: s.id,
        kind: "SECRET",
        label: s.label,
        prefix: s.prefix,
        version: s.version,
        rotatedFromId: s.rotatedFromId,
        fingerprint: s.fingerprint,
        serialNumber: null,
        subjectDn: null,
        issuerDn: null,
        issuedAt: s.createdAt,
        expiresAt: s.expiresAt,
        revokedAt: s.revokedAt,
        revocationReason: null,
        lastUsedAt: s.lastUsedAt,
        rotation: rotation.state,
        rotationDueAt: rotation.dueAt,
        grantStatus: s.grant.status,
        requestId: s.grant.request.id,
        requestNumber: s.grant.request.number,
      };
    }),
    ...certificates.map((c): CredentialRow => {
      const rotation = rotationStatus({ issuedAt: c.notBefore, expiresAt: c.notAfter, revokedAt: c.revokedAt }, rotationPeriodDays, now);
      return {
        id: c.id,
        kind: "CERTIFICATE",
        label: c.subjectDn,
        prefix: null,
        version: null,
        rotatedFromId: null,
        fingerprint: c.fingerprintSha256,
        serialNumber: c.serialNumber,
        subjectDn: c.subjectDn,
        issuerDn: c.issuerDn,
        issuedAt: c.notBefore,
        expiresAt: c.notAfter,
        revokedAt: c.revokedAt,
        revocationReason: c.revocationReason,
        lastUsedAt: null,
        rotation: rotation.state,
        rotationDueAt: rotation.dueAt,
        grantStatus: c.grant.status,
        requestId: c.grant.request.id,
        requestNumber: c.grant.request.number,
      };
    }),
  ];
  return rows.sort((a, b) => ORDER[a.rotation] - ORDER[b.rotation] || b.issuedAt.getTime() - a.issuedAt.getTime() || a.id.localeCompare(b.id)).slice(0, limit);
}
