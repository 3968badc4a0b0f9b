import { X509Certificate as NodeCertificate } from "node:crypto";
import type { ConnectorContext, Observation } from "../types";
import type { Authority } from "./authority";
import { buildCrl, crlNumberOf, crlReasonName } from "./crl";
import { fingerprintSha256, normalizeSerial } from "./serial";
import { x509 } from "./x509";

/**
 * Reads the CA back: signs the current CRL, parses it again, checks its signature, and looks the
 * serial up on it; checks the stored certificate against the CA's key and its recorded fingerprint.
 */
export async function observeCertificate(ctx: ConnectorContext, authority: Authority, serial: string, identityId: string): Promise<Observation> {
  const current = await buildCrl(ctx.db, authority, ctx.now);
  const crl = new x509.X509Crl(current.der.buffer);
  const crlSignatureValid = await crl.verify({ publicKey: authority.certificate });
  const entry = crl.findRevoked(normalizeSerial(serial));
  const crlFacts = {
    crlNumber: crlNumberOf(crl)?.toString() ?? null,
    crlThisUpdate: crl.thisUpdate.toISOString(),
    crlNextUpdate: crl.nextUpdate?.toISOString() ?? null,
    crlSignatureValid,
    onCrl: entry !== null,
    revocationDate: entry?.revocationDate.toISOString() ?? null,
    revocationReason: entry ? crlReasonName(entry.reason) : null,
  };
  const row = await ctx.db.certificate.findUnique({ where: { serialNumber: serial } });
  if (!row) {
    return {
      present: false,
      observed: { source: "ca-crl", issuer: authority.subjectDn, serialNumber: serial, issued: false, ...crlFacts },
      summary: `no certificate with serial ${serial} was issued by ${authority.subjectDn}`,
    };
  }
  const checked = row.pem ? checkCertificate(row.pem, authority, row.serialNumber, row.fingerprintSha256) : null;
  const expired = row.notAfter.getTime() <= ctx.now.getTime();
  const notYetValid = row.notBefore.getTime() > ctx.now.getTime();
  const identityMatches = row.identityId === identityId;
  // A row from another CA is not covered by this CA's CRL, so it proves nothing either way.
  const issuerMatches = row.issuerDn === authority.subjectDn;
  const present = crlSignatureValid && issuerMatches && !entry && !expired && !notYetValid && identityMatches && (checked === null || checked.ok);
  const observed = {
    source: "ca-crl",
    issuer: authority.subjectDn,
    serialNumber: row.serialNumber,
    subject: row.subjectDn,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    fingerprintSha256: row.fingerprintSha256,
    expired,
    issuerMatches,
    identityMatches,
    certificateChecked: checked !== null,
    signatureValid: checked?.signatureValid ?? null,
    fingerprintMatches: checked?.fingerprintMatches ?? null,
    ...crlFacts,
  };
  return { present, observed, summary: summaryOf(observed, present) };
}

function checkCertificate(pem: string, authority: Authority, serial: string, fingerprint: string) {
  try {
    const cert = new NodeCertificate(pem);
    const signatureValid = cert.verify(new NodeCertificate(authority.certificatePem).publicKey) && normalizeSerial(cert.serialNumber) === normalizeSerial(serial);
    const fingerprintMatches = fingerprintSha256(cert.raw) === fingerprint;
    return { ok: signatureValid && fingerprintMatches, signatureValid, fingerprintMatches };
  } catch {
    return { ok: false, signatureValid: false, fingerprintMatches: false };
  }
}

function summaryOf(o: { issuer: string; issuerMatches: boolean; serialNumber: string; subject: string; notAfter: string; expired: boolean; onCrl: boolean; crlNumber: string | null; revocationReason: string | null; revocationDate: string | null; crlSignatureValid: boolean; signatureValid: boolean | null; fingerprintMatches: boolean | null; identityMatches: boolean }, present: boolean): string {
  const crl = `CRL #${o.crlNumber ?? "?"}`;
  if (present) return `certificate ${o.serialNumber} for ${o.subject} valid until ${o.notAfter}, not on ${crl}`;
  if (o.onCrl) return `certificate ${o.serialNumber} for ${o.subject} is revoked: on ${crl} since ${o.revocationDate}${o.revocationReason ? ` (${o.revocationReason})` : ""}`;
  if (o.expired) return `certificate ${o.serialNumber} for ${o.subject} expired at ${o.notAfter}`;
  if (!o.issuerMatches) return `certificate ${o.serialNumber} was issued by another CA than ${o.issuer}; this CA's CRL does not cover it`;
  if (!o.crlSignatureValid) return `the CRL did not verify against the CA's key; certificate ${o.serialNumber} not confirmed`;
  if (o.signatureValid === false || o.fingerprintMatches === false) return `certificate ${o.serialNumber} does not verify against the CA or its recorded fingerprint`;
  if (!o.identityMatches) return `certificate ${o.serialNumber} belongs to another identity`;
  return `certificate ${o.serialNumber} for ${o.subject} is not yet valid`;
}

