import { X509Certificate as NodeCertificate, createPrivateKey, randomBytes, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { caDirectory, ConfigError, env, type Env } from "@/server/env";
import { normalizeDn } from "./names";
import { randomSerial } from "./serial";
import { subtle, x509 } from "./x509";

/** The issuing CA: its certificate and the key that signs certificates and CRLs. */
export interface Authority {
  certificate: x509.X509Certificate;
  certificatePem: string;
  subjectDn: string;
  notAfter: Date;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  signingAlgorithm: Algorithm | EcdsaParams;
  /** Where the key came from, for evidence ("files" in production, "folder" for the local CA). */
  source: AuthoritySource;
}

export type AuthoritySource =
  | { kind: "files"; keyFile: string; certFile: string }
  | { kind: "folder"; dir: string; subject: string };

const KEY_FILE = "ca-key.pem";
const CERT_FILE = "ca-cert.pem";
const CA_YEARS = 10;

/**
 * Where the CA comes from: the configured key and certificate files, or else a CA the portal makes
 * once and keeps beside its embedded database (not in production, unless in demo mode).
 */
export function authoritySource(config: Env): AuthoritySource {
  if (config.PORTAL_CA_KEY_FILE && config.PORTAL_CA_CERT_FILE) {
    return { kind: "files", keyFile: path.resolve(config.PORTAL_CA_KEY_FILE), certFile: path.resolve(config.PORTAL_CA_CERT_FILE) };
  }
  if (config.NODE_ENV === "production" && !config.PORTAL_DEMO_MODE) {
    throw new ConfigError("PORTAL_CA_KEY_FILE and PORTAL_CA_CERT_FILE are required in production (the issuing CA's PKCS#8 key and its certificate, PEM)");
  }
  return { kind: "folder", dir: caDirectory(config), subject: config.PORTAL_CA_SUBJECT };
}

const loaded = new Map<string, Promise<Authority>>();

/** The CA for a source, loaded (or created) once per process. */
export function loadAuthority(source: AuthoritySource): Promise<Authority> {
  const key = source.kind === "files" ? `files:${source.keyFile}:${source.certFile}` : `folder:${source.dir}`;
  let pending = loaded.get(key);
  if (!pending) {
    pending = source.kind === "files" ? readAuthority(source.keyFile, source.certFile, source) : folderAuthority(source);
    // A failed load (a missing file, a bad key) is tried afresh next time, not remembered.
    pending.catch(() => loaded.delete(key));
    loaded.set(key, pending);
  }
  return pending;
}

/** The portal's CA, as configured by the environment. */
export function portalAuthority(): Promise<Authority> {
  return loadAuthority(authoritySource(env()));
}

async function folderAuthority(source: Extract<AuthoritySource, { kind: "folder" }>): Promise<Authority> {
  const keyFile = path.join(source.dir, KEY_FILE);
  const certFile = path.join(source.dir, CERT_FILE);
  if (!existsSync(keyFile) || !existsSync(certFile)) await createFolderAuthority(source);
  return readAuthority(keyFile, certFile, source);
}

/**
 * Writes a new CA into a private temporary folder and renames it into place, so two processes
 * starting at once never see half a CA: the second rename fails and that process reads the first.
 */
async function createFolderAuthority(source: Extract<AuthoritySource, { kind: "folder" }>): Promise<void> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = new Date();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: source.subject,
    notBefore: new Date(Math.floor(now.getTime() / 1000) * 1000),
    notAfter,
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await subtle.exportKey("pkcs8", keys.privateKey);
  mkdirSync(path.dirname(source.dir), { recursive: true });
  const staging = `${source.dir}.${randomBytes(6).toString("hex")}.tmp`;
  mkdirSync(staging, { mode: 0o700 });
  try {
    writeFileSync(path.join(staging, KEY_FILE), x509.PemConverter.encode(pkcs8, "PRIVATE KEY"), { mode: 0o600 });
    writeFileSync(path.join(staging, CERT_FILE), certificate.toString("pem"), { mode: 0o644 });
    try {
      renameSync(staging, source.dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST" && code !== "ENOTEMPTY") throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  chmodSync(source.dir, 0o700);
}

async function readAuthority(keyFile: string, certFile: string, source: AuthoritySource): Promise<Authority> {
  const certificatePem = readFileSync(certFile, "utf8");
  let keyObject: KeyObject;
  let nodeCert: NodeCertificate;
  try {
    nodeCert = new NodeCertificate(certificatePem);
  } catch {
    throw new ConfigError(`${certFile} is not a PEM certificate`);
  }
  try {
    keyObject = createPrivateKey(readFileSync(keyFile, "utf8"));
  } catch {
    throw new ConfigError(`${keyFile} is not a PEM private key`);
  }
  if (!nodeCert.checkPrivateKey(keyObject)) throw new ConfigError(`${keyFile} is not the private key of the CA certificate in ${certFile}`);
  if (!nodeCert.ca) throw new ConfigError(`${certFile} is not a CA certificate (basicConstraints cA is not set)`);
  const { importAlgorithm, signingAlgorithm } = algorithmsOf(keyObject, keyFile);
  const pkcs8 = keyObject.export({ type: "pkcs8", format: "der" });
  const privateKey = await subtle.importKey("pkcs8", pkcs8, importAlgorithm, false, ["sign"]);
  const certificate = new x509.X509Certificate(certificatePem);
  const publicKey = await certificate.publicKey.export(importAlgorithm, ["verify"]);
  return {
    certificate,
    certificatePem: certificate.toString("pem"),
    subjectDn: normalizeDn(certificate.subject),
    notAfter: certificate.notAfter,
    privateKey,
    publicKey,
    signingAlgorithm,
    source,
  };
}

function algorithmsOf(key: KeyObject, keyFile: string): { importAlgorithm: EcKeyImportParams | RsaHashedImportParams; signingAlgorithm: Algorithm | EcdsaParams } {
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-256" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams };
    if (curve === "secp384r1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-384" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-384" } as EcdsaParams };
  }
  if (key.asymmetricKeyType === "rsa") {
    return { importAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, signingAlgorithm: { name: "RSASSA-PKCS1-v1_5" } };
  }
  throw new ConfigError(`${keyFile} holds a ${key.asymmetricKeyType ?? "unknown"} key; the CA signs with ECDSA P-256, P-384 or RSA`);
}
