import type { Prisma } from "@/server/db/generated/client";
import { ConfigError, env } from "@/server/env";
import { portalAuthority, type Authority } from "./ca/authority";
import { issueCertificate } from "./ca/issue";
import { normalizeDn, renderSubject } from "./ca/names";
import { observeCertificate } from "./ca/observe";
import { issueProfile } from "./ca/profile";
import { certificateValidity } from "./ca/validity";
import { rotationOverlapMinutes } from "./overlap";
import { inGrantLock } from "./grant-lock";
import { ConnectorError, type Connector, type ConnectorContext, type ConnectorTarget, type GrantResult } from "./types";

type Tx = Prisma.TransactionClient;

export interface CertificateAuthorityOptions {
  /** The issuing CA; the portal's configured CA by default. */
  authority?: () => Promise<Authority>;
  /** The CRL's public address written into each certificate; from PORTAL_URL/NEXTAUTH_URL by default. */
  crlUrl?: () => string | null;
}

function defaultCrlUrl(): string | null {
  const base = env().PORTAL_URL ?? env().NEXTAUTH_URL;
  return base ? new URL("/api/pki/crl", base).toString() : null;
}

/**
 * The portal's internal X.509 certificate authority. The Certificate rows are the CA's database;
 * the CRL it signs from them is what relying parties (and `verify`) read. A generated private key
 * is returned once by the `grant` or `rotate` that made it and is never stored; a certificate for
 * a CSR has no secret at all.
 *
 * Scope (wins) or connectorConfig: `subjectPattern` with `<identity>`, `extendedKeyUsage`,
 * `keyAlgorithm` (default ECDSA-P256), `maxValidityDays`, `csrPem`. connectorConfig `issuerDn`
 * names the CA the system expects; a different CA is a configuration error.
 */
export function createCertificateAuthorityConnector(options: CertificateAuthorityOptions = {}): Connector {
  const crlUrl = options.crlUrl ?? defaultCrlUrl;
  const authorityFor = async (target: ConnectorTarget): Promise<Authority> => {
    let authority: Authority;
    try {
      authority = await (options.authority ?? portalAuthority)();
    } catch (error) {
      if (error instanceof ConfigError) throw new ConnectorError(`The certificate authority is not available: ${error.message}`, false);
      throw error;
    }
    const expected = target.system.config.issuerDn;
    if (typeof expected === "string" && normalizeDn(expected) !== authority.subjectDn) {
      throw new ConnectorError(`connectorConfig.issuerDn is "${expected}" but the portal's CA is "${authority.subjectDn}" (set PORTAL_CA_SUBJECT or the CA files to match)`, false);
    }
    return authority;
  };

  async function issueFor(tx: Tx, ctx: ConnectorContext, target: ConnectorTarget, authority: Authority): Promise<{ serialNumber: string; privateKeyPem: string | null; fingerprintSha256: string }> {
    const profile = issueProfile(target.scope, target.system.config);
    const subject = renderSubject(profile.subjectPattern, target.identity.name);
    const validity = certificateValidity({ now: ctx.now, maxValidityDays: profile.maxValidityDays, expiresAt: target.expiresAt, caNotAfter: authority.notAfter });
    const issued = await issueCertificate({ authority, profile, subject, validity, crlUrl: crlUrl() });
    await tx.certificate.create({
      data: {
        grantId: target.grantId,
        identityId: target.identity.id,
        serialNumber: issued.serialNumber,
        fingerprintSha256: issued.fingerprintSha256,
        subjectDn: issued.subjectDn,
        issuerDn: issued.issuerDn,
        pem: issued.pem,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
      },
    });
    return issued;
  }

  return {
    type: "CERTIFICATE_AUTHORITY",

    async grant(ctx, target) {
      requireNhi(target);
      const authority = await authorityFor(target);
      return inGrantLock(ctx, target.grantId, "certificate's serial or fingerprint", async (tx): Promise<GrantResult> => {
        const existing = await tx.certificate.findFirst({ where: { grantId: target.grantId }, orderBy: { createdAt: "desc" }, select: { serialNumber: true, revokedAt: true } });
        if (existing && !existing.revokedAt) return { externalRef: existing.serialNumber };
        if (existing) throw new ConnectorError(`grant ${target.grantId} had its certificate ${existing.serialNumber} revoked; a revoked grant is not issued again`, false);
        const issued = await issueFor(tx, ctx, target, authority);
        return resultOf(issued);
      });
    },

    async revoke(ctx, target) {
      const cert = await ctx.db.certificate.findUnique({ where: { serialNumber: target.externalRef }, select: { id: true, identityId: true, revokedAt: true } });
      if (!cert || cert.revokedAt) return;
      if (cert.identityId !== target.identity.id) {
        throw new ConnectorError(`certificate ${target.externalRef} was issued to another identity than ${target.identity.name}; not revoked`, false);
      }
      const revocationReason = target.superseded ? "superseded" : "cessationOfOperation";
      await ctx.db.certificate.updateMany({ where: { id: cert.id, revokedAt: null }, data: { revokedAt: ctx.now, revocationReason } });
    },

    async rotate(ctx, target, previous) {
      requireNhi(target);
      const authority = await authorityFor(target);
      const overlapMinutes = rotationOverlapMinutes(target.system.config);
      return inGrantLock(ctx, target.grantId, "certificate's serial or fingerprint", async (tx): Promise<GrantResult> => {
        const issued = await tx.certificate.findFirst({ where: { grantId: target.grantId, revokedAt: null }, select: { serialNumber: true } });
        if (issued) return { externalRef: issued.serialNumber };
        const old = await tx.certificate.findUnique({ where: { serialNumber: previous.externalRef }, select: { grantId: true, identityId: true, revokedAt: true, revocationReason: true, notAfter: true } });
        if (!old || old.grantId !== previous.grantId) throw new ConnectorError(`grant ${previous.grantId} has no certificate with serial ${previous.externalRef} to rotate`, false);
        if (old.identityId !== target.identity.id) throw new ConnectorError(`certificate ${previous.externalRef} was issued to another identity than ${target.identity.name}; not rotated`, false);
        if (old.revokedAt) throw new ConnectorError(`certificate ${previous.externalRef} is revoked (${old.revocationReason ?? "unspecified"}); a revoked certificate is not rotated`, false);
        const result = resultOf(await issueFor(tx, ctx, target, authority));
        // The old certificate stays valid through the overlap; its grant's revocation then puts it on the CRL as superseded.
        const overlapEnd = new Date(ctx.now.getTime() + overlapMinutes * 60_000);
        return { ...result, previousUntil: old.notAfter < overlapEnd ? old.notAfter : overlapEnd };
      });
    },

    async verify(ctx, target) {
      const authority = await authorityFor(target);
      return observeCertificate(ctx, authority, target.externalRef, target.identity.id);
    },
  };
}

export const certificateAuthorityConnector = createCertificateAuthorityConnector();

function resultOf(issued: { serialNumber: string; privateKeyPem: string | null; fingerprintSha256: string }): GrantResult {
  if (!issued.privateKeyPem) return { externalRef: issued.serialNumber };
  return { externalRef: issued.serialNumber, secret: { value: issued.privateKeyPem, fingerprint: issued.fingerprintSha256, prefix: issued.serialNumber.slice(0, 8) } };
}

function requireNhi(target: ConnectorTarget): void {
  if (target.identity.kind !== "NHI") {
    throw new ConnectorError(`${target.identity.name} is a person; the CA issues certificates to workload identities only`, false);
  }
}
