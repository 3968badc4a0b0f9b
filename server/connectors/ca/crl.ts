import type { PrismaClient } from "@/server/db/generated/client";
import type { Authority } from "./authority";
import { normalizeSerial } from "./serial";
import { x509 } from "./x509";

/** How long a CRL is current: relying parties fetch a new one after this. */
export const CRL_LIFETIME_MS = 60 * 60_000;

const CRL_NUMBER_OID = "2.5.29.20";

/** RFC 5280 reason codes by the names stored in Certificate.revocationReason. */
const REASONS: Record<string, x509.X509CrlReason> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
};

export function crlReasonOf(reason: string | null): x509.X509CrlReason | undefined {
  return reason && reason !== "unspecified" ? REASONS[reason] : undefined;
}

export function crlReasonName(code: x509.X509CrlReason | undefined): string | null {
  if (code === undefined) return null;
  return Object.entries(REASONS).find(([, c]) => c === code)?.[0] ?? String(code);
}

export interface CurrentCrl {
  crl: x509.X509Crl;
  der: Uint8Array<ArrayBuffer>;
  /** The CRL number: seconds since the epoch at thisUpdate, so it only ever increases. */
  number: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: number;
}

/** DER INTEGER for a non-negative number (the CRL number extension's value). */
export function derInteger(value: bigint): Uint8Array<ArrayBuffer> {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, "hex");
  return new Uint8Array([0x02, body.length, ...body]);
}

/**
 * The CA's current CRL, signed now: every certificate this CA issued that is revoked and not yet
 * expired (an expired certificate is refused anyway, so RFC 5280 lets it leave the list).
 */
export async function buildCrl(db: PrismaClient, authority: Authority, now: Date): Promise<CurrentCrl> {
  const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const nextUpdate = new Date(thisUpdate.getTime() + CRL_LIFETIME_MS);
  const revoked = await db.certificate.findMany({
    where: { issuerDn: authority.subjectDn, revokedAt: { not: null }, notAfter: { gt: thisUpdate } },
    orderBy: [{ revokedAt: "asc" }, { serialNumber: "asc" }],
    select: { serialNumber: true, revokedAt: true, revocationReason: true },
  });
  const number = BigInt(Math.floor(thisUpdate.getTime() / 1000));
  const crl = await x509.X509CrlGenerator.create({
    issuer: authority.certificate.subjectName,
    thisUpdate,
    nextUpdate,
    signingAlgorithm: authority.signingAlgorithm,
    signingKey: authority.privateKey,
    extensions: [new x509.Extension(CRL_NUMBER_OID, false, derInteger(number)), await x509.AuthorityKeyIdentifierExtension.create(authority.publicKey)],
    entries: revoked.map((c) => ({
      serialNumber: normalizeSerial(c.serialNumber),
      revocationDate: new Date(Math.floor(c.revokedAt!.getTime() / 1000) * 1000),
      reason: crlReasonOf(c.revocationReason),
    })),
  });
  return { crl, der: new Uint8Array(crl.rawData), number, thisUpdate, nextUpdate, entries: revoked.length };
}

/** The CRL number a parsed CRL carries, or null when it has none. */
export function crlNumberOf(crl: x509.X509Crl): bigint | null {
  const ext = crl.getExtension(CRL_NUMBER_OID);
  if (!ext) return null;
  const bytes = new Uint8Array(ext.value);
  if (bytes[0] !== 0x02) return null;
  return BigInt(`0x${Buffer.from(bytes.subarray(2, 2 + bytes[1]!)).toString("hex") || "0"}`);
}
