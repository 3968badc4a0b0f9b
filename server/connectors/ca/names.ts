import { ConnectorError } from "../types";

/**
 * Distinguished names as the portal stores them: RFC 4514 strings with "," between attributes and
 * no spaces around it ("CN=svc-orders-api.svc.acme.internal,O=Acme Corp").
 */

const SPECIAL = new Set([",", "+", '"', "\\", "<", ">", ";", "="]);

/** Escapes one attribute value (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = "";
  for (const [i, ch] of [...value].entries()) {
    if (SPECIAL.has(ch) || (i === 0 && (ch === "#" || ch === " ")) || (i === value.length - 1 && ch === " ")) out += `\\${ch}`;
    else if (ch.charCodeAt(0) < 0x20) out += `\\${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}

/** Splits a DN on the commas that separate attributes (not on escaped ones). */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + dn[i + 1];
      i++;
    } else if (ch === ",") {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p.length > 0);
}

/** One spelling per name, so names from certificates and from configuration compare equal. */
export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0 ? part : `${part.slice(0, eq).trim().toUpperCase()}=${part.slice(eq + 1).trim()}`;
    })
    .join(",");
}

const PLACEHOLDER = /<([a-zA-Z]+)>/g;

/**
 * The subject of a certificate for an identity: the scope's `subjectPattern` with `<identity>`
 * replaced by the identity's name. Any other placeholder is a configuration error, not a name.
 */
export function renderSubject(pattern: string, identityName: string): string {
  const unknown = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => name !== "identity");
  if (unknown.length > 0) {
    throw new ConnectorError(`scope.subjectPattern uses <${unknown[0]}>; the only placeholder is <identity>`, false);
  }
  if (!pattern.includes("<identity>")) {
    throw new ConnectorError("scope.subjectPattern must contain <identity>, so each identity gets its own subject", false);
  }
  const subject = normalizeDn(pattern.replaceAll("<identity>", escapeDnValue(identityName)));
  const attributes = splitDn(subject);
  if (attributes.some((a) => !/^[A-Za-z][A-Za-z0-9-]*=./.test(a) && !/^\d+(\.\d+)+=./.test(a))) {
    throw new ConnectorError(`scope.subjectPattern "${pattern}" is not a distinguished name (TYPE=value,TYPE=value)`, false);
  }
  if (!attributes.some((a) => a.toUpperCase().startsWith("CN="))) {
    throw new ConnectorError(`scope.subjectPattern "${pattern}" has no CN attribute`, false);
  }
  return subject;
}

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** The subject's common name when it is a DNS name (so it also goes into subjectAltName). */
export function dnsNameOf(subject: string): string | null {
  const cn = splitDn(subject).find((a) => a.toUpperCase().startsWith("CN="));
  if (!cn) return null;
  const value = cn.slice(3);
  if (value.length > 253 || value.includes("\\")) return null;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l)) ? value.toLowerCase() : null;
}
