import { createPublicKey } from "node:crypto";
import { ConnectorError } from "../types";
import type { Authority } from "./authority";
import { dnsNameOf, normalizeDn } from "./names";
import { KEY_ALGORITHMS, keyAlgorithmOf, type IssueProfile, type KeyAlgorithm } from "./profile";
import { fingerprintSha256, randomSerial } from "./serial";
import type { Validity } from "./validity";
import { subtle, x509 } from "./x509";

export interface IssuedCertificate {
  serialNumber: string;
  fingerprintSha256: string;
  subjectDn: string;
  issuerDn: string;
  pem: string;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: KeyAlgorithm;
  /** PKCS#8 PEM of a key the CA generated; null when the certificate was issued for a CSR. */
  privateKeyPem: string | null;
}

export interface IssueInput {
  authority: Authority;
  profile: IssueProfile;
  subject: string;
  validity: Validity;
  /** Where the certificate's CRL is published, when the portal knows its public address. */
  crlUrl: string | null;
}

/** Signs one end-entity certificate: for the CSR's key when the profile carries one, else for a new key. */
export async function issueCertificate(input: IssueInput): Promise<IssuedCertificate> {
  const { authority, profile, subject, validity } = input;
  const key = profile.csrPem ? await keyFromCsr(profile) : await generatedKey(profile.keyAlgorithm);
  const serialNumber = randomSerial();
  const usages = x509.KeyUsageFlags.digitalSignature | (key.algorithm.startsWith("RSA") ? x509.KeyUsageFlags.keyEncipherment : 0);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension(profile.extendedKeyUsage.map((u) => u.oid)),
    await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(authority.publicKey),
  ];
  const dns = dnsNameOf(subject);
  if (dns) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: "dns", value: dns }]));
  if (input.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([input.crlUrl]));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject,
    issuer: authority.certificate.subjectName,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    publicKey: key.publicKey,
    signingKey: authority.privateKey,
    signingAlgorithm: authority.signingAlgorithm,
    extensions,
  });
  return {
    serialNumber,
    fingerprintSha256: fingerprintSha256(certificate.rawData),
    subjectDn: normalizeDn(certificate.subject),
    issuerDn: normalizeDn(certificate.issuer),
    pem: certificate.toString("pem"),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keyAlgorithm: key.algorithm,
    privateKeyPem: key.privateKeyPem,
  };
}

interface SubjectKey {
  publicKey: CryptoKey | x509.PublicKey;
  algorithm: KeyAlgorithm;
  privateKeyPem: string | null;
}

async function generatedKey(algorithm: KeyAlgorithm): Promise<SubjectKey> {
  const keys = (await subtle.generateKey(KEY_ALGORITHMS[algorithm], true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = await subtle.exportKey("pkcs8", keys.privateKey);
  return { publicKey: keys.publicKey, algorithm, privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") };
}

async function keyFromCsr(profile: IssueProfile): Promise<SubjectKey> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(profile.csrPem!);
  } catch {
    throw new ConnectorError("csrPem is not a PKCS#10 certificate request", false);
  }
  if (!(await csr.verify().catch(() => false))) {
    throw new ConnectorError("csrPem's signature does not verify: the request was not signed by the key it carries", false);
  }
  const algorithm = algorithmOfSpki(csr.publicKey.rawData);
  if (profile.keyAlgorithmNamed && algorithm !== profile.keyAlgorithm) {
    throw new ConnectorError(`csrPem carries a ${algorithm} key but the approved scope names ${profile.keyAlgorithm}`, false);
  }
  return { publicKey: csr.publicKey, algorithm, privateKeyPem: null };
}

function algorithmOfSpki(spki: ArrayBuffer): KeyAlgorithm {
  const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "ec" && details.namedCurve === "prime256v1") return "ECDSA-P256";
  if (key.asymmetricKeyType === "ec" && details.namedCurve === "secp384r1") return "ECDSA-P384";
  if (key.asymmetricKeyType === "rsa" && details.modulusLength) return keyAlgorithmOf(`RSA-${details.modulusLength}`);
  throw new ConnectorError(`csrPem carries a ${key.asymmetricKeyType ?? "unknown"} key the CA does not certify (ECDSA P-256/P-384, RSA 2048-4096)`, false);
}
