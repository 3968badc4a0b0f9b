import { z } from "zod";
import { ConnectorError } from "../types";

/** Key algorithms the CA generates keys for, or accepts in a CSR. */
export const KEY_ALGORITHMS = {
  "ECDSA-P256": { name: "ECDSA", namedCurve: "P-256" },
  "ECDSA-P384": { name: "ECDSA", namedCurve: "P-384" },
  "RSA-2048": { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  "RSA-3072": { name: "RSASSA-PKCS1-v1_5", modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  "RSA-4096": { name: "RSASSA-PKCS1-v1_5", modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
} as const;
export type KeyAlgorithm = keyof typeof KEY_ALGORITHMS;

export const EXTENDED_KEY_USAGES = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
} as const;

/** Certificates without a validity in the scope or an expiry on the ticket live this long. */
export const DEFAULT_VALIDITY_DAYS = 30;

/** What to issue, read from the approved scope (which wins) and the system's connectorConfig. */
export interface IssueProfile {
  profile: string | null;
  subjectPattern: string;
  keyAlgorithm: KeyAlgorithm;
  /** True when the scope or configuration named the algorithm (a CSR must then match it). */
  keyAlgorithmNamed: boolean;
  extendedKeyUsage: { name: string; oid: string }[];
  maxValidityDays: number | null;
  csrPem: string | null;
  /** The CA name the system expects to issue from, checked against the CA actually loaded. */
  issuerDn: string | null;
}

const fields = z.object({
  profile: z.string().min(1).optional(),
  subjectPattern: z.string().min(1).optional(),
  keyAlgorithm: z.string().min(1).optional(),
  extendedKeyUsage: z.array(z.string().min(1)).optional(),
  maxValidityDays: z.number().positive().max(3650).optional(),
  csrPem: z.string().includes("CERTIFICATE REQUEST", { message: "must be a PEM certificate request" }).optional(),
  issuerDn: z.string().min(3).optional(),
});

function parse(source: Record<string, unknown>, where: string): z.infer<typeof fields> {
  const picked = Object.fromEntries(Object.entries(source).filter(([k, v]) => k in fields.shape && v !== null && v !== undefined));
  const result = fields.safeParse(picked);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConnectorError(`${where}.${issue.path.join(".")} ${issue.message}`, false);
  }
  return result.data;
}

export function keyAlgorithmOf(value: string): KeyAlgorithm {
  const wanted = value.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const found = (Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]).find((k) => k.replace(/[^A-Z0-9]/g, "") === wanted);
  if (!found) {
    throw new ConnectorError(`keyAlgorithm "${value}" is not one the CA issues (${Object.keys(KEY_ALGORITHMS).join(", ")})`, false);
  }
  return found;
}

function usageOf(value: string): { name: string; oid: string } {
  if (/^\d+(\.\d+)+$/.test(value)) return { name: value, oid: value };
  const oid = EXTENDED_KEY_USAGES[value as keyof typeof EXTENDED_KEY_USAGES];
  if (!oid) {
    throw new ConnectorError(`extendedKeyUsage "${value}" is unknown (${Object.keys(EXTENDED_KEY_USAGES).join(", ")}, or a dotted OID)`, false);
  }
  return { name: value, oid };
}

export function issueProfile(scope: Record<string, unknown>, config: Record<string, unknown>): IssueProfile {
  const fromConfig = parse(config, "connectorConfig");
  const fromScope = parse(scope, "scope");
  const merged = { ...fromConfig, ...fromScope };
  if (!merged.subjectPattern) throw new ConnectorError("scope.subjectPattern is required (e.g. CN=<identity>.svc.example.internal,O=Example)", false);
  if (merged.profile === "subordinate-ca") {
    throw new ConnectorError("scope.profile subordinate-ca: this CA issues end-entity certificates only; a subordinate CA is signed outside the portal", false);
  }
  const usages = merged.extendedKeyUsage ?? [];
  if (usages.length === 0) throw new ConnectorError("scope.extendedKeyUsage must name at least one usage (serverAuth, clientAuth, ...)", false);
  return {
    profile: merged.profile ?? null,
    subjectPattern: merged.subjectPattern,
    keyAlgorithm: keyAlgorithmOf(merged.keyAlgorithm ?? "ECDSA-P256"),
    keyAlgorithmNamed: merged.keyAlgorithm !== undefined,
    extendedKeyUsage: [...new Set(usages)].map(usageOf),
    maxValidityDays: merged.maxValidityDays ?? null,
    csrPem: merged.csrPem ?? null,
    issuerDn: fromConfig.issuerDn ?? null,
  };
}
