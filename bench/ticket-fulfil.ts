import type { ConnectorType, EvidenceKind, GrantType } from "@/server/db/generated/client";
import { sha256Hex } from "@/server/domain/audit/canonical";
import { FAILURE_REASONS } from "@/server/db/seed/texts";
import type { Row, Ticket } from "./lifecycle";
import type { TicketSpec } from "./plan";
import { DAY, HOUR, MIN } from "./time";

/** How long the connector takes to apply and read back a change. */
export function connectorDelay(w: Ticket, type: ConnectorType): void {
  if (type === "MANUAL") w.gap(2 * HOUR, 26 * HOUR);
  else if (type === "WEBHOOK") w.gap(MIN, 40 * MIN);
  else w.gap(3_000, 40_000);
}

export function runFulfilment(w: Ticket): void {
  const { spec, rng, out } = w;
  const req = out.request;
  const type = spec.entitlement.system.connectorType;
  w.gap(20_000, 2 * MIN);
  const windowStart = req.vendorWindowStart as number | null;
  if (windowStart !== null && windowStart > w.t) w.t = windowStart;
  w.set("FULFILLING");
  w.mark("fulfilling");
  w.event("fulfilment.started", null, { connectorType: type });
  if (spec.kind === "REVOKE") return revokeParent(w, type);
  const grantType: GrantType = type === "API_KEY" ? "SECRET" : type === "CERTIFICATE_AUTHORITY" ? "CERTIFICATE" : "ENTITLEMENT";
  const credentialId = w.ctx.ids.credential.id(spec.slot);
  const grant: Row = {
    id: w.ctx.ids.grant.id(spec.slot),
    requestId: w.id,
    identityId: spec.subject.id,
    entitlementId: spec.entitlement.id,
    type: grantType,
    status: "PENDING",
    connectorType: type,
    externalRef: externalRef(spec, credentialId),
    scope: req.approvedScope ?? req.scope,
    grantedAt: null,
    expiresAt: req.expiresAt,
    revokedAt: null,
    lastVerifiedAt: null,
    createdAt: w.t,
    updatedAt: w.t,
  };
  out.grants.push(grant);
  if (spec.status === "FULFILLING") return;
  if (spec.status === "FAILED") {
    w.gap(5 * MIN, 6 * HOUR);
    const reason = FAILURE_REASONS[type]!.replace("%s", String(spec.entitlement.scope.role ?? spec.entitlement.key));
    Object.assign(grant, { status: "FAILED", updatedAt: w.t });
    w.set("FAILED");
    req.failureReason = reason;
    w.mark("end");
    w.event("request.failed", null, { reason, attempts: 3 });
    return;
  }
  connectorDelay(w, type);
  const expiresAt = spec.ttlHours === null ? null : w.t + spec.ttlHours * HOUR;
  req.expiresAt = expiresAt;
  Object.assign(grant, { status: "ACTIVE", grantedAt: w.t, expiresAt, lastVerifiedAt: w.t, updatedAt: w.t });
  let secret: Row | null = null;
  let cert: Row | null = null;
  if (grantType === "SECRET") {
    const previous = spec.kind === "ROTATE" && spec.parent && spec.parent.entitlement.system.connectorType === "API_KEY" ? w.ctx.ids.credential.id(spec.parent.slot) : null;
    const rotatedFromId = previous && !w.ctx.rotated.has(previous) ? previous : null;
    if (rotatedFromId) w.ctx.rotated.add(rotatedFromId);
    secret = {
      id: credentialId,
      grantId: grant.id,
      identityId: spec.subject.id,
      label: `${spec.entitlement.name} for ${spec.subject.name}`,
      fingerprint: sha256Hex(`bench-key:${credentialId}`),
      prefix: `acme_${credentialId.slice(0, 6)}`,
      algorithm: "sha256",
      version: rotatedFromId ? 2 : 1,
      rotatedFromId,
      expiresAt,
      revokedAt: null,
      lastUsedAt: w.t + Math.round(rng.real(MIN, HOUR)),
      createdAt: w.t,
      updatedAt: w.t,
    };
    out.secrets.push(secret);
  } else if (grantType === "CERTIFICATE") {
    cert = {
      id: credentialId,
      grantId: grant.id,
      identityId: spec.subject.id,
      serialNumber: grant.externalRef,
      fingerprintSha256: sha256Hex(`bench-cert:${credentialId}`),
      subjectDn: `CN=${spec.subject.name}.svc.acme.internal,O=Acme Corp`,
      issuerDn: "CN=Acme Internal Issuing CA 1,O=Acme Corp",
      pem: "",
      notBefore: w.t,
      notAfter: expiresAt ?? w.t + 30 * DAY,
      revokedAt: null,
      revocationReason: null,
      createdAt: w.t,
      updatedAt: w.t,
    };
    out.certificates.push(cert);
  }
  w.event("grant.created", null, { grantId: grant.id, type: grantType, connectorType: type, externalRef: grant.externalRef, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() }, ["Grant", grant.id as string]);
  recordEvidence(w, grant, spec.kind === "MODIFY" ? "MODIFIED" : spec.kind === "ROTATE" ? "ROTATED" : "GRANTED", true);
  w.set("ACTIVE");
  w.mark("active");
  w.event("request.activated", null, { grantId: grant.id, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() });
  if (spec.status === "ACTIVE") return;

  // Handed back early, expired, or removed by an access review.
  const held = spec.ttlHours === null ? rng.real(20 * DAY, 400 * DAY) : rng.chance(0.3) ? spec.ttlHours * HOUR * rng.real(0.2, 0.9) : spec.ttlHours * HOUR;
  w.t += Math.round(held);
  const reason = expiresAt !== null && w.t >= expiresAt ? "expired" : expiresAt !== null ? "handed back before expiry" : "access review: no longer needed";
  Object.assign(grant, { status: "REVOKING", updatedAt: w.t });
  w.set("REVOKING");
  w.mark("revoking");
  w.event("request.revoking", null, { reason });
  if (spec.status === "REVOKING") return;
  connectorDelay(w, type);
  Object.assign(grant, { status: "REVOKED", revokedAt: w.t, lastVerifiedAt: w.t, updatedAt: w.t });
  if (secret) Object.assign(secret, { revokedAt: w.t, updatedAt: w.t });
  if (cert) Object.assign(cert, { revokedAt: w.t, revocationReason: "cessationOfOperation", updatedAt: w.t });
  w.event("grant.revoked", null, { grantId: grant.id, reason }, ["Grant", grant.id as string]);
  recordEvidence(w, grant, "REVOKED", false);
  w.set("CLOSED");
  req.closedAt = w.t;
  w.mark("end");
  w.event("request.closed", null, { reason });
}

export function revokeParent(w: Ticket, type: ConnectorType): void {
  const { spec } = w;
  const req = w.out.request;
  if (spec.status === "FULFILLING") return;
  if (spec.status === "FAILED") {
    w.gap(5 * MIN, 6 * HOUR);
    const reason = FAILURE_REASONS[type]!.replace("%s", String(spec.entitlement.scope.role ?? spec.entitlement.key));
    w.set("FAILED");
    req.failureReason = reason;
    w.mark("end");
    w.event("request.failed", null, { reason, attempts: 3 });
    return;
  }
  connectorDelay(w, type);
  const parentGrant = spec.parent && spec.parent.times.active !== undefined ? w.ctx.ids.grant.id(spec.parent.slot) : null;
  recordEvidence(w, { id: parentGrant, externalRef: null }, "REVOKED", false);
  w.set("CLOSED");
  req.closedAt = w.t;
  w.mark("end");
  w.event("request.closed", null, { reason: "access removed" });
}

export function recordEvidence(w: Ticket, grant: Row, kind: EvidenceKind, present: boolean): void {
  const { spec } = w;
  const e = spec.entitlement;
  const type = e.system.connectorType;
  const id = w.ctx.ids.evidence.id(spec.slot * 4 + w.counters.evidence++);
  const manual = type === "MANUAL";
  const scope = e.scope;
  const observed =
    type === "POSTGRES"
      ? { source: "pg_auth_members", database: scope.database ?? null, role: scope.role ?? null, member: spec.subject.name.replace(/[^a-z0-9]+/gi, "_").toLowerCase(), isMember: present }
      : type === "API_KEY"
        ? { source: "key-issuer", keyId: grant.externalRef ?? null, audience: scope.audience ?? null, status: present ? "active" : "revoked" }
        : type === "CERTIFICATE_AUTHORITY"
          ? { source: "ca-database", serialNumber: grant.externalRef ?? null, status: present ? "valid" : "revoked", inCrl: !present }
          : type === "WEBHOOK"
            ? { source: "signed-callback", signatureValid: true, targetState: present ? "assigned" : "removed", target: e.system.key }
            : { source: "attestation", attestation: `${present ? "Screenshot shows" : "Screenshot no longer shows"} ${spec.subject.displayName} in the portal's user list.` };
  const summary = `${kind.toLowerCase()}: ${e.name} ${present ? "present" : "absent"} for ${spec.subject.name} (read back from ${e.system.name})`;
  const owner = e.system.owner;
  w.out.evidence.push({
    id,
    requestId: w.id,
    grantId: grant.id ?? null,
    kind,
    connectorType: type,
    observed,
    summary,
    artefactSha256: manual ? sha256Hex(`artefact:${id}`) : null,
    attestedById: manual ? w.person(owner).id : null,
    verifiedAt: w.t,
    createdAt: w.t,
    updatedAt: w.t,
  });
  w.event("evidence.recorded", manual ? owner : null, { kind, grantId: grant.id ?? null, connectorType: type, summary }, ["ClosureEvidence", id]);
}

function externalRef(spec: TicketSpec, credentialId: string): string {
  const scope = spec.entitlement.scope;
  const compact = credentialId.replace(/-/g, "");
  switch (spec.entitlement.system.connectorType) {
    case "POSTGRES":
      return `${String(scope.database)}/${String(scope.role)}/${spec.subject.name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;
    case "API_KEY":
      return `key_${compact.slice(0, 16)}`;
    case "CERTIFICATE_AUTHORITY":
      return compact;
    case "MANUAL":
      return `task-${compact.slice(0, 6)}`;
    default:
      return `${spec.entitlement.system.key}:${compact.slice(0, 12)}`;
  }
}
