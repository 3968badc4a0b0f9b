import type { RouterOutputs } from "@/components/requests/router-types";

/** What identities.detail answers; every section of the identity page reads a part of it. */
export type IdentityDetail = RouterOutputs["identities"]["detail"];
export type HeldGrant = IdentityDetail["held"][number];
export type IdentityCredential = IdentityDetail["credentials"][number];
export type ClosedGrant = IdentityDetail["history"][number];
export type OwnerLink = NonNullable<IdentityDetail["owner"]>;
export type TicketLink = HeldGrant["ticket"];

const NHI_TYPES: Record<string, string> = {
  SERVICE_ACCOUNT: "Service account",
  WORKLOAD: "Workload",
  BOT: "Bot",
  OAUTH_APP: "OAuth app",
  AI_AGENT: "AI agent",
};

export function nhiTypeLabel(type: string | null): string {
  return type ? (NHI_TYPES[type] ?? type.toLowerCase().replaceAll("_", " ")) : "Non-human identity";
}

export function environmentLabel(environment: string | null): string | null {
  return environment ? environment.charAt(0) + environment.slice(1).toLowerCase() : null;
}

/** "Orders database · PostgreSQL", without repeating a system named after its connector ("API key issuer · API-key issuer"). */
export function systemAndConnector(system: string | null | undefined, connector: string): string {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (!system) return connector;
  return plain(system) === plain(connector) ? system : `${system} · ${connector}`;
}

/** A long hex digest as its first and last characters; the whole value stays in the title. */
export function shortDigest(hex: string): string {
  return hex.length > 20 ? `${hex.slice(0, 12)}…${hex.slice(-6)}` : hex;
}
