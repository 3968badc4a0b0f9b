import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getCa } from "@/app/api/pki/ca/route";
import { GET as getCrl } from "@/app/api/pki/crl/route";
import { authoritySource, loadAuthority } from "@/server/connectors/ca/authority";
import { crlNumberOf } from "@/server/connectors/ca/crl";
import { normalizeSerial } from "@/server/connectors/ca/serial";
import { x509 } from "@/server/connectors/ca/x509";
import { certificateAuthorityConnector as ca, createCertificateAuthorityConnector } from "@/server/connectors/certificate-authority";
import { ConnectorError, type ConnectorTarget } from "@/server/connectors/types";
import type { PrismaClient } from "@/server/db/generated/client";
import { ConfigError, parseEnv } from "@/server/env";
import { seededWorld, type World } from "./requests-world";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CA_NAME = "CN=Acme Internal Issuing CA 1,O=Acme Corp";

// The portal's CA is created beside the embedded database's folder: here a throwaway one.
const dataRoot = mkdtempSync(path.join(tmpdir(), "portal-ca-test-"));
const CA_VARS = ["PGLITE_DATA_DIR", "PORTAL_URL", "PORTAL_CA_KEY_FILE", "PORTAL_CA_CERT_FILE", "PORTAL_CA_SUBJECT"] as const;
const savedEnv = Object.fromEntries(CA_VARS.map((k) => [k, process.env[k]]));
process.env.PGLITE_DATA_DIR = path.join(dataRoot, "pglite");
process.env.PORTAL_URL = "http://127.0.0.1:3100";
delete process.env.PORTAL_CA_KEY_FILE;
delete process.env.PORTAL_CA_CERT_FILE;
delete process.env.PORTAL_CA_SUBJECT;

const openssl = spawnSync("openssl", ["version"], { encoding: "utf8", timeout: 10_000 }).status === 0;

let world: World;
let prisma: PrismaClient;
let system: ConnectorTarget["system"];
let caPem: string;
const globalForDb = globalThis as unknown as { portalDb?: Promise<unknown> };

beforeAll(async () => {
  world = await seededWorld();
  prisma = world.prisma;
  const row = await prisma.system.findUniqueOrThrow({ where: { key: "internal-ca" }, select: { key: true, connectorType: true, connectorConfig: true } });
  system = { key: row.key, connectorType: row.connectorType, config: row.connectorConfig as Record<string, unknown> };
  // The route handlers read the process-wide database: point them at this test's database.
  globalForDb.portalDb = Promise.resolve(world.db);
  const response = await getCa();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/x-pem-file");
  caPem = await response.text();
});

afterAll(async () => {
  globalForDb.portalDb = undefined;
  await world?.db.drop();
  rmSync(dataRoot, { recursive: true, force: true });
  for (const k of CA_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

async function scopeOf(entitlement: string): Promise<Record<string, unknown>> {
  const [systemKey, key] = entitlement.split(":");
  const row = await prisma.entitlement.findFirstOrThrow({ where: { key: key!, system: { key: systemKey! } }, select: { scope: true } });
  return row.scope as Record<string, unknown>;
}

/** A PENDING Grant row on a seeded ticket, as fulfilment creates it before the connector runs. */
async function newTarget(opts: { identity?: string; entitlement?: string; expiresAt?: Date | null; scope?: Record<string, unknown>; config?: Record<string, unknown> } = {}) {
  const identity = await prisma.identity.findUniqueOrThrow({ where: { name: opts.identity ?? "svc-checkout-worker" }, select: { id: true, name: true, kind: true } });
  const scope = { ...(await scopeOf(opts.entitlement ?? "internal-ca:mtls_client_cert")), ...opts.scope };
  const ticket = await prisma.accessRequest.findFirstOrThrow({ select: { id: true }, orderBy: { number: "asc" } });
  const expiresAt = opts.expiresAt === undefined ? new Date(Date.now() + 90 * DAY) : opts.expiresAt;
  const grant = await prisma.grant.create({
    data: { requestId: ticket.id, identityId: identity.id, type: "CERTIFICATE", status: "PENDING", connectorType: "CERTIFICATE_AUTHORITY", scope: scope as never, expiresAt },
    select: { id: true },
  });
  return { requestId: ticket.id, grantId: grant.id, system: { ...system, config: { ...system.config, ...opts.config } }, identity, scope, expiresAt } satisfies ConnectorTarget;
}

const ctx = (now = new Date()) => ({ db: prisma, now });
const caKey = () => new X509Certificate(caPem).publicKey;
const floorSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

async function refusal(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as ConnectorError).retryable).toBe(false);
  return error as ConnectorError;
}

async function fetchCrl() {
  const response = await getCrl();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pkix-crl");
  const der = new Uint8Array(await response.arrayBuffer());
  const crl = new x509.X509Crl(der);
  expect(await crl.verify({ publicKey: new x509.X509Certificate(caPem) })).toBe(true);
  return { der, crl };
}

function scratch(name: string, content: string | Uint8Array): string {
  const file = path.join(dataRoot, name);
  writeFileSync(file, content);
  return file;
}

const environment = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

function run(args: string[]) {
  return spawnSync("openssl", args, { encoding: "utf8", timeout: 20_000 });
}

describe("the portal's certificate authority", () => {
  it("is created once beside the data folder, its key readable by the owner only", async () => {
    const dir = path.join(dataRoot, "ca");
    expect(statSync(path.join(dir, "ca-key.pem")).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(caPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe("CN=Acme Internal Issuing CA 1\nO=Acme Corp");
    expect(cert.verify(cert.publicKey)).toBe(true);
    // A second load reads the same CA back rather than making another.
    const again = await loadAuthority({ kind: "folder", dir, subject: "CN=Other" });
    expect(again.certificatePem).toBe(caPem);
  });

  it("loads from configured key and certificate files, and refuses a key that is not the certificate's", async () => {
    const dir = path.join(dataRoot, "ca");
    const fromFiles = await loadAuthority({ kind: "files", keyFile: path.join(dir, "ca-key.pem"), certFile: path.join(dir, "ca-cert.pem") });
    expect(fromFiles.subjectDn).toBe(CA_NAME);
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const otherKey = scratch("other-key.pem", other);
    await expect(loadAuthority({ kind: "files", keyFile: otherKey, certFile: path.join(dir, "ca-cert.pem") })).rejects.toThrow(/is not the private key of the CA certificate/);
    expect(() => parseEnv(environment({ PORTAL_CA_KEY_FILE: otherKey }))).toThrow(/PORTAL_CA_CERT_FILE is required because PORTAL_CA_KEY_FILE is set/);
    const production = parseEnv(environment({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40) }));
    expect(() => authoritySource(production)).toThrow(ConfigError);
    expect(authoritySource(parseEnv(environment({ PGLITE_DATA_DIR: "/srv/portal/pglite" })))).toEqual({ kind: "folder", dir: "/srv/portal/ca", subject: CA_NAME });
  });
});

describe("certificate authority connector", () => {
  it("issues a real certificate for the workload from a generated key, shown once and never stored", async () => {
    const now = new Date();
    const target = await newTarget();
    const result = await ca.grant(ctx(now), target);
    const row = await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: result.externalRef } });
    const cert = new X509Certificate(row.pem);

    expect(cert.subject).toBe("CN=svc-checkout-worker.svc.acme.internal\nO=Acme Corp");
    expect(cert.issuer).toBe("CN=Acme Internal Issuing CA 1\nO=Acme Corp");
    expect(cert.verify(caKey())).toBe(true);
    expect(cert.checkIssued(new X509Certificate(caPem))).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(cert.subjectAltName).toBe("DNS:svc-checkout-worker.svc.acme.internal");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(normalizeSerial(cert.serialNumber)).toBe(row.serialNumber);
    expect(row.serialNumber).toMatch(/^[0-7][0-9a-f]{31}$/);
    // The scope's 30 days come before the grant's 90-day expiry.
    expect(new Date(cert.validFrom).getTime()).toBe(floorSecond(now).getTime());
    expect(new Date(cert.validTo).getTime()).toBe(floorSecond(new Date(now.getTime() + 30 * DAY)).getTime());
    const parsed = new x509.X509Certificate(row.pem);
    expect(parsed.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints[0]?.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier).toBe("http://127.0.0.1:3100/api/pki/crl");

    const secret = result.secret!;
    expect(secret.value).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(cert.checkPrivateKey(createPrivateKey(secret.value))).toBe(true);
    expect(secret.fingerprint).toBe(createHash("sha256").update(cert.raw).digest("hex"));
    expect(row).toMatchObject({
      grantId: target.grantId,
      identityId: target.identity.id,
      fingerprintSha256: secret.fingerprint,
      subjectDn: "CN=svc-checkout-worker.svc.acme.internal,O=Acme Corp",
      issuerDn: CA_NAME,
      revokedAt: null,
    });
    expect(row.notAfter.toISOString()).toBe(new Date(cert.validTo).toISOString());
    const keyBody = secret.value.split("\n")[1]!;
    const stored = JSON.stringify([await prisma.$queryRawUnsafe(`SELECT * FROM "Certificate"`), await prisma.$queryRawUnsafe(`SELECT * FROM "Grant"`)]);
    expect(stored).not.toContain(keyBody);

    if (openssl) {
      const checked = run(["verify", "-CAfile", scratch("ca.pem", caPem), "-purpose", "sslclient", scratch("leaf.pem", row.pem)]);
      expect(checked.stdout.trim()).toMatch(/: OK$/);
      expect(checked.status).toBe(0);
    }

    const seen = await ca.verify(ctx(now), { ...target, externalRef: result.externalRef });
    expect(seen.present).toBe(true);
    expect(seen.observed).toMatchObject({ source: "ca-crl", serialNumber: row.serialNumber, onCrl: false, expired: false, signatureValid: true, fingerprintMatches: true, crlSignatureValid: true, notAfter: row.notAfter.toISOString() });
    expect(seen.observed.crlNumber).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(seen.summary).toContain(`certificate ${row.serialNumber} for CN=svc-checkout-worker.svc.acme.internal,O=Acme Corp valid until`);
  });

  it("grant is idempotent per grant: a repeat, or grants at once, issue one certificate and show the key once", async () => {
    const target = await newTarget({ identity: "svc-notifications" });
    const results = await Promise.all([ca.grant(ctx(), target), ca.grant(ctx(), target), ca.grant(ctx(), target)]);
    expect(new Set(results.map((r) => r.externalRef)).size).toBe(1);
    expect(results.filter((r) => r.secret).length).toBe(1);
    const again = await ca.grant(ctx(), target);
    expect(again).toEqual({ externalRef: results[0]!.externalRef });
    expect(await prisma.certificate.count({ where: { grantId: target.grantId } })).toBe(1);
  });

  it("caps validity at the grant's expiry, and follows the profile's usage and maximum", async () => {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 6 * HOUR + 123);
    const short = await ca.grant(ctx(now), await newTarget({ expiresAt }));
    const shortRow = await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: short.externalRef } });
    expect(shortRow.notAfter.toISOString()).toBe(floorSecond(expiresAt).toISOString());
    expect(new Date(new X509Certificate(shortRow.pem).validTo).getTime()).toBe(floorSecond(expiresAt).getTime());

    const server = await ca.grant(ctx(now), await newTarget({ identity: "svc-orders-api", entitlement: "internal-ca:mtls_server_cert", expiresAt: new Date(now.getTime() + 200 * DAY) }));
    const serverCert = new X509Certificate((await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: server.externalRef } })).pem);
    expect(serverCert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(new Date(serverCert.validTo).getTime()).toBe(floorSecond(new Date(now.getTime() + 90 * DAY)).getTime());
    if (openssl) {
      expect(run(["verify", "-CAfile", scratch("ca.pem", caPem), "-purpose", "sslserver", scratch("server.pem", serverCert.toString())]).status).toBe(0);
    }

    const rsa = await ca.grant(ctx(now), await newTarget({ identity: "svc-orders-api", scope: { keyAlgorithm: "RSA-2048" } }));
    const rsaCert = new X509Certificate((await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: rsa.externalRef } })).pem);
    expect(rsaCert.publicKey.asymmetricKeyType).toBe("rsa");
    expect(rsaCert.verify(caKey())).toBe(true);
  });

  it("certifies the key of a CSR without making or returning a private key; the subject comes from policy", async () => {
    const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const keys = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=whatever-the-workload-asked-for", keys, signingAlgorithm: algorithm });
    const target = await newTarget({ identity: "svc-payments-gateway", entitlement: "internal-ca:payments_mtls_cert", scope: { csrPem: csr.toString("pem") } });
    const result = await ca.grant(ctx(), target);
    expect(result.secret).toBeUndefined();
    const cert = new X509Certificate((await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: result.externalRef } })).pem);
    expect(cert.subject).toBe("CN=svc-payments-gateway.svc.acme.internal\nO=Acme Corp");
    expect(cert.verify(caKey())).toBe(true);
    const spki = (k: { export(o: { type: "spki"; format: "der" }): Buffer }) => k.export({ type: "spki", format: "der" }).toString("hex");
    expect(spki(cert.publicKey)).toBe(Buffer.from(await crypto.subtle.exportKey("spki", keys.publicKey)).toString("hex"));
    expect((await ca.verify(ctx(), { ...target, externalRef: result.externalRef })).present).toBe(true);

    // A CSR whose key is not the one the policy approved, or whose signature is not its key's.
    const rsaAlg = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    const rsaKeys = (await crypto.subtle.generateKey(rsaAlg, true, ["sign", "verify"])) as CryptoKeyPair;
    const rsaCsr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=x", keys: rsaKeys, signingAlgorithm: rsaAlg });
    const wrongKey = await refusal(ca.grant(ctx(), await newTarget({ identity: "svc-payments-gateway", scope: { csrPem: rsaCsr.toString("pem") } })));
    expect(wrongKey.message).toMatch(/RSA-2048 key but the approved scope names ECDSA-P256/);
    const der = new Uint8Array(csr.rawData);
    der[der.length - 5] = der[der.length - 5]! ^ 0xff;
    const tampered = x509.PemConverter.encode(der.buffer, "CERTIFICATE REQUEST");
    const badSignature = await refusal(ca.grant(ctx(), await newTarget({ identity: "svc-payments-gateway", scope: { csrPem: tampered } })));
    expect(badSignature.message).toMatch(/csrPem/);
    expect(await prisma.certificate.count({ where: { identity: { name: "svc-payments-gateway" } } })).toBe(1);
  });

  it("revoke puts the serial on the CRL the portal serves; verify then reports it absent", async () => {
    const target = await newTarget({ identity: "ml-feature-pipeline" });
    const { externalRef } = await ca.grant(ctx(), target);
    const row = await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: externalRef } });
    const before = await fetchCrl();
    expect(before.crl.findRevoked(externalRef)).toBeNull();

    const revokedAt = new Date();
    await ca.revoke(ctx(revokedAt), { ...target, externalRef });
    await ca.revoke(ctx(new Date(revokedAt.getTime() + 5000)), { ...target, externalRef });
    const revoked = await prisma.certificate.findUniqueOrThrow({ where: { serialNumber: externalRef } });
    expect(revoked.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
    expect(revoked.revocationReason).toBe("cessationOfOperation");

    const { der, crl } = await fetchCrl();
    const entry = crl.findRevoked(externalRef)!;
    expect(entry).not.toBeNull();
    expect(entry.revocationDate.toISOString()).toBe(floorSecond(revokedAt).toISOString());
    expect(entry.reason).toBe(x509.X509CrlReason.cessationOfOperation);
    expect(crl.issuer).toBe("CN=Acme Internal Issuing CA 1, O=Acme Corp");
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(crl.thisUpdate.getTime());
    expect(crlNumberOf(crl)! >= crlNumberOf(before.crl)!).toBe(true);

    if (openssl) {
      const text = run(["crl", "-inform", "DER", "-in", scratch("portal.crl", der), "-noout", "-text"]);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`Serial Number: ${externalRef.toUpperCase()}`);
      expect(text.stdout).toContain("Cessation Of Operation");
      expect(text.stdout).toMatch(/X509v3 CRL Number/);
      const pem = run(["crl", "-inform", "DER", "-in", path.join(dataRoot, "portal.crl"), "-outform", "PEM", "-out", path.join(dataRoot, "portal-crl.pem")]);
      expect(pem.status).toBe(0);
      const refused = run(["verify", "-crl_check", "-CAfile", scratch("ca.pem", caPem), "-CRLfile", path.join(dataRoot, "portal-crl.pem"), scratch("revoked.pem", row.pem)]);
      expect(refused.status).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(/certificate revoked/);
    }

    const seen = await ca.verify(ctx(), { ...target, externalRef });
    expect(seen.present).toBe(false);
    expect(seen.observed).toMatchObject({ onCrl: true, revocationReason: "cessationOfOperation", revocationDate: floorSecond(revokedAt).toISOString(), crlSignatureValid: true });
    expect(seen.summary).toMatch(/is revoked: on CRL #\d+ since .* \(cessationOfOperation\)/);

    // A revoked grant is not issued again by a late retry.
    expect((await refusal(ca.grant(ctx(), target))).message).toMatch(/revoked grant is not issued again/);
  });

  it("rotate issues a new certificate on the rotating ticket's grant; the old one stays valid through the overlap and is revoked as superseded", async () => {
    const target = await newTarget({ identity: "k8s-deployer" });
    const first = await ca.grant(ctx(), target);
    const next = await newTarget({ identity: "k8s-deployer", config: { overlapMinutes: 45 } });
    const previous = { grantId: target.grantId, externalRef: first.externalRef };
    const now = new Date();
    const rotated = await ca.rotate!(ctx(now), next, previous);
    expect(rotated.externalRef).not.toBe(first.externalRef);
    expect(rotated.secret?.value).toMatch(/BEGIN PRIVATE KEY/);
    expect(rotated.previousUntil?.toISOString()).toBe(new Date(now.getTime() + 45 * 60_000).toISOString());
    const [oldRow, newRow] = await Promise.all([first.externalRef, rotated.externalRef].map((s) => prisma.certificate.findUniqueOrThrow({ where: { serialNumber: s } })));
    expect(oldRow!.revokedAt).toBeNull();
    expect(newRow!).toMatchObject({ identityId: target.identity.id, grantId: next.grantId, revokedAt: null, subjectDn: oldRow!.subjectDn });
    expect((await ca.verify(ctx(), { ...target, externalRef: first.externalRef })).present).toBe(true);
    expect((await ca.verify(ctx(), { ...next, externalRef: rotated.externalRef })).present).toBe(true);

    // A retried rotation hands back the same certificate without its key.
    expect(await ca.rotate!(ctx(), next, previous)).toEqual({ externalRef: rotated.externalRef });
    expect(await prisma.certificate.count({ where: { grantId: next.grantId } })).toBe(1);

    // At the end of the overlap the old grant is revoked: the CRL lists it as superseded.
    await ca.revoke(ctx(), { ...target, externalRef: first.externalRef, superseded: true });
    const { crl } = await fetchCrl();
    expect(crl.findRevoked(first.externalRef)?.reason).toBe(x509.X509CrlReason.superseded);
    expect(crl.findRevoked(rotated.externalRef)).toBeNull();
    expect((await ca.verify(ctx(), { ...target, externalRef: first.externalRef })).present).toBe(false);
    expect((await refusal(ca.rotate!(ctx(), await newTarget({ identity: "k8s-deployer" }), previous))).message).toMatch(/is revoked \(superseded\)/);
  });

  it("verify reports absent an expired certificate, a serial it never issued, an altered record and another CA's certificate", async () => {
    const now = new Date();
    const target = await newTarget({ identity: "security-scanner", expiresAt: new Date(now.getTime() + 2 * HOUR) });
    const { externalRef } = await ca.grant(ctx(now), target);
    const later = await ca.verify(ctx(new Date(now.getTime() + 3 * HOUR)), { ...target, externalRef });
    expect(later.present).toBe(false);
    expect(later.observed).toMatchObject({ expired: true, onCrl: false });
    expect(later.summary).toMatch(/expired at/);

    const unknown = await ca.verify(ctx(now), { ...target, externalRef: "7f00" });
    expect(unknown.present).toBe(false);
    expect(unknown.observed).toMatchObject({ issued: false, onCrl: false });

    // A stored certificate that no longer matches its recorded fingerprint, or a row from another CA.
    const other = await newTarget({ identity: "svc-fraud-scoring" });
    const issued = await ca.grant(ctx(now), other);
    await prisma.certificate.update({ where: { serialNumber: issued.externalRef }, data: { fingerprintSha256: "0".repeat(64) } });
    const altered = await ca.verify(ctx(now), { ...other, externalRef: issued.externalRef });
    expect(altered.present).toBe(false);
    expect(altered.observed).toMatchObject({ signatureValid: true, fingerprintMatches: false });
    await prisma.certificate.update({ where: { serialNumber: issued.externalRef }, data: { issuerDn: "CN=Another CA" } });
    const foreign = await ca.verify(ctx(now), { ...other, externalRef: issued.externalRef });
    expect(foreign.present).toBe(false);
    expect(foreign.summary).toMatch(/issued by another CA/);
  });

  it("refuses, without retry, what it must not issue", async () => {
    const person = await prisma.identity.findFirstOrThrow({ where: { kind: "HUMAN" }, select: { name: true } });
    expect((await refusal(ca.grant(ctx(), await newTarget({ identity: person.name })))).message).toMatch(/workload identities only/);
    expect((await refusal(ca.grant(ctx(), await newTarget({ config: { issuerDn: "CN=Some Other CA" } })))).message).toMatch(/connectorConfig.issuerDn is "CN=Some Other CA" but the portal's CA is/);
    expect((await refusal(ca.grant(ctx(), await newTarget({ expiresAt: new Date(Date.now() - HOUR) })))).message).toMatch(/expiresAt .* is not in the future/);
    expect((await refusal(ca.grant(ctx(), await newTarget({ entitlement: "internal-ca:sub_ca" })))).message).toMatch(/end-entity certificates only/);
    const missing = createCertificateAuthorityConnector({ authority: () => Promise.reject(new ConfigError("PORTAL_CA_KEY_FILE and PORTAL_CA_CERT_FILE are required in production")) });
    expect((await refusal(missing.grant(ctx(), await newTarget()))).message).toMatch(/not available: PORTAL_CA_KEY_FILE/);
  });
});
