import { env } from "@/server/env";

/** Where notification e-mail goes out and what its links point at. */
export interface MailConfig {
  /** smtp://host:port or smtps://user:password@host:port */
  smtpUrl: string;
  from: string;
  /** Base of the absolute ticket links, without a trailing slash. */
  portalUrl: string;
}

let override: MailConfig | null | undefined;

/** The process's mail settings: SMTP_URL, SMTP_FROM and PORTAL_URL (or NEXTAUTH_URL); null when SMTP is not set. */
export function mailConfig(): MailConfig | null {
  if (override !== undefined) return override;
  const config = env();
  if (!config.SMTP_URL || !config.SMTP_FROM) return null;
  const base = config.PORTAL_URL ?? config.NEXTAUTH_URL ?? "http://localhost:3000";
  return { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, portalUrl: base.replace(/\/+$/, "") };
}

/**
 * Replaces the settings read from the environment for this process (null: no e-mail);
 * undefined goes back to the environment. For commands and tests that pick their SMTP server.
 */
export function setMailConfig(config: MailConfig | null | undefined): void {
  override = config ? { ...config, portalUrl: config.portalUrl.replace(/\/+$/, "") } : config;
}
