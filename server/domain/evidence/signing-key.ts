import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, env, type Env } from "@/server/env";

/** The portal's Ed25519 key that signs evidence-pack manifests. */
export interface EvidenceKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

const KEY_FILE = "evidence-key.pem";

/**
 * Where the key comes from: PORTAL_EVIDENCE_KEY_FILE, or else a key the portal creates once and
 * keeps beside its embedded database (not in production, unless in demo mode).
 */
export function evidenceKeyFile(config: Env): string {
  if (config.PORTAL_EVIDENCE_KEY_FILE) return path.resolve(config.PORTAL_EVIDENCE_KEY_FILE);
  if (config.NODE_ENV === "production" && !config.PORTAL_DEMO_MODE) {
    throw new ConfigError("PORTAL_EVIDENCE_KEY_FILE is required in production (the Ed25519 key that signs evidence packs, PKCS#8 PEM)");
  }
  return path.join(path.dirname(path.resolve(config.PGLITE_DATA_DIR)), "evidence", KEY_FILE);
}

export function keyFromPem(pem: string | Buffer): EvidenceKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new ConfigError(`The evidence signing key must be an Ed25519 key, got ${privateKey.asymmetricKeyType ?? "an unknown type"}`);
  }
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}

export function generateEvidenceKey(): EvidenceKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  return keyFromPem(privateKey.export({ type: "pkcs8", format: "pem" }));
}

/** Reads the key file, creating it first when the portal keeps its own key and has none yet. */
export function loadEvidenceKey(file: string, create: boolean): EvidenceKey {
  if (!existsSync(file)) {
    if (!create) throw new ConfigError(`PORTAL_EVIDENCE_KEY_FILE ${file} does not exist`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" });
    try {
      // "wx": two processes starting at once never overwrite each other's key; the loser reads the winner's.
      writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return keyFromPem(readFileSync(file));
}

let cached: EvidenceKey | undefined;

/** The portal's evidence key, as configured by the environment, loaded once per process. */
export function portalEvidenceKey(): EvidenceKey {
  if (!cached) {
    const config = env();
    cached = loadEvidenceKey(evidenceKeyFile(config), !config.PORTAL_EVIDENCE_KEY_FILE);
  }
  return cached;
}
