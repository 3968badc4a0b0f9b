import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Every environment variable the portal reads, validated in one place. */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || isPostgresUrl(v), {
        message: "must be a postgres:// or postgresql:// URL with a host and a database name",
      }),
    PGLITE_DATA_DIR: z.string().default(".data/pglite"),
    PORTAL_DEMO_MODE: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((v) => v === "true" || v === "1"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    NEXTAUTH_URL: z.string().url("must be an absolute URL").optional(),
    OIDC_ISSUER: z.string().url("must be an absolute URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().default("Single sign-on"),
    /** Public base URL for links in e-mail; NEXTAUTH_URL when unset. */
    PORTAL_URL: z.string().url("must be an absolute URL").optional(),
    JOBS_DISABLED: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((v) => v === "true" || v === "1"),
    JOBS_POLL_MS: z.coerce.number().int("must be a whole number of milliseconds").min(100, "must be at least 100").max(3_600_000, "must be at most 3600000").default(5_000),
    JOBS_LEASE_MINUTES: z.coerce.number().int("must be a whole number of minutes").min(1, "must be at least 1").max(1_440, "must be at most 1440").default(10),
    SMTP_URL: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || isSmtpUrl(v), { message: "must be an smtp:// or smtps:// URL with a host, e.g. smtp://mail.example.com:587" }),
    SMTP_FROM: z.string().optional(),
    /** The issuing CA's private key (PKCS#8 PEM) and certificate (PEM); both or neither. */
    PORTAL_CA_KEY_FILE: z.string().min(1).optional(),
    PORTAL_CA_CERT_FILE: z.string().min(1).optional(),
    /** The name of the CA created beside the embedded database when no CA files are given. */
    PORTAL_CA_SUBJECT: z.string().min(3).default("CN=Acme Internal Issuing CA 1,O=Acme Corp"),
    /** The Ed25519 key (PKCS#8 PEM) that signs evidence packs; created beside the embedded database when unset outside production. */
    PORTAL_EVIDENCE_KEY_FILE: z.string().min(1).optional(),
    /** The loopback port of the demo webhook target started with the portal in demo mode. */
    DEMO_WEBHOOK_TARGET_PORT: z.coerce.number().int("must be a whole number").min(1, "must be a port from 1 to 65535").max(65_535, "must be a port from 1 to 65535").default(4010),
  })
  .superRefine((env, ctx) => {
    const oidc = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
    const set = oidc.filter((k) => env[k]);
    if (set.length > 0 && set.length < oidc.length) {
      for (const k of oidc.filter((k) => !env[k])) {
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: `is required because ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set (OIDC needs issuer, client id and client secret)`,
        });
      }
    }
    if (env.SMTP_URL && !env.SMTP_FROM?.includes("@")) {
      ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "is required because SMTP_URL is set (the sender address, e.g. Access Portal <access@example.com>)" });
    }
    if (Boolean(env.PORTAL_CA_KEY_FILE) !== Boolean(env.PORTAL_CA_CERT_FILE)) {
      const missing = env.PORTAL_CA_KEY_FILE ? "PORTAL_CA_CERT_FILE" : "PORTAL_CA_KEY_FILE";
      const given = env.PORTAL_CA_KEY_FILE ? "PORTAL_CA_KEY_FILE" : "PORTAL_CA_CERT_FILE";
      ctx.addIssue({ code: "custom", path: [missing], message: `is required because ${given} is set (the CA needs its key and its certificate)` });
    }
    if (env.NODE_ENV === "production" && !env.PORTAL_DEMO_MODE && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production (at least 32 random characters, e.g. `openssl rand -base64 32`)",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "postgres:" || url.protocol === "postgresql:") &&
      url.hostname.length > 0 &&
      url.pathname.length > 1
    );
  } catch {
    return false;
  }
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Parses an environment; throws one ConfigError naming each bad variable and its rule. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${String(i.path[0])} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * The session-signing secret. Without NEXTAUTH_SECRET (allowed only outside production or in
 * demo mode, see the schema) a random one is created once and kept beside the embedded database,
 * so sessions survive restarts. Called only by the sign-in code, so other commands write nothing.
 */
export function sessionSecret(config: Env): string {
  if (config.NEXTAUTH_SECRET) return config.NEXTAUTH_SECRET;
  const file = path.join(path.dirname(path.resolve(config.PGLITE_DATA_DIR)), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Where the portal's own certificate authority keeps its key and certificate when no CA files are
 * configured: beside the embedded database, like the session secret.
 */
export function caDirectory(config: Env): string {
  return path.join(path.dirname(path.resolve(config.PGLITE_DATA_DIR)), "ca");
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
