import type { ConnectorType, EvidenceKind, GrantType, Prisma } from "@/server/db/generated/client";
import { sha256Hex } from "@/server/domain/audit/canonical";
import { addMs } from "./random";
import { credential, revokeCredential } from "./credentials";
import { FAILURE_REASONS } from "./texts";
import type { TicketPlan } from "./model";
import type { Walk } from "./walk";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** How long the connector takes to apply and read back a change. */
function connectorDelay(w: Walk, type: ConnectorType): Date {
  if (type === "MANUAL") return w.gap(2 * HOUR, 26 * HOUR);
  if (type === "WEBHOOK") return w.gap(1 * MIN, 40 * MIN);
  return w.gap(3000, 40_000);
}

export function grantTypeFor(type: ConnectorType): GrantType {
  if (type === "API_KEY") return "SECRET";
  if (type === "CERTIFICATE_AUTHORITY") return "CERTIFICATE";
  return "ENTITLEMENT";
}

function pgRoleName(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, "_").toLowerCase();
}

/** What the connector's verify step read back from the target. */
function observed(w: Walk, present: boolean, grant: Prisma.GrantCreateManyInput): Prisma.InputJsonObject {
  const { plan } = w;
  const e = plan.entitlement;
  const scope = e.scope as Record<string, unknown>;
  switch (e.system.connectorType) {
    case "POSTGRES":
      return { source: "pg_auth_members", database: scope.database as string, role: scope.role as string, member: pgRoleName(plan.subject.name), isMember: present };
    case "API_KEY":
      return { source: "key-issuer", keyId: grant.externalRef!, audience: scope.audience as string, status: present ? "active" : "revoked" };
    case "CERTIFICATE_AUTHORITY":
      return { source: "ca-database", serialNumber: grant.externalRef!, status: present ? "valid" : "revoked", inCrl: !present };
    case "WEBHOOK":
      return { source: "signed-callback", deliveryId: w.rng.uuid(), signatureValid: true, targetState: present ? "assigned" : "removed", target: e.system.key, externalRef: grant.externalRef! };
    default:
      return { source: "attestation", attestation: `${present ? "Screenshot shows" : "Screenshot no longer shows"} ${plan.subject.displayName} with role ${scope.role as string} in the portal's user list.` };
  }
}

function evidence(w: Walk, grant: Prisma.GrantCreateManyInput, kind: EvidenceKind, present: boolean, requestId: string = w.id): void {
  const { plan } = w;
  const type = plan.entitlement.system.connectorType;
  const id = w.rng.uuid();
  const manual = type === "MANUAL";
  const owner = w.org.person(plan.entitlement.system.ownerEmail);
  const summary = `${kind.toLowerCase()}: ${plan.entitlement.name} ${present ? "present" : "absent"} for ${plan.subject.name} (read back from ${plan.entitlement.system.name})`;
  w.rows.evidence.push({
    id,
    requestId,
    grantId: grant.id!,
    kind,
    connectorType: type,
    observed: observed(w, present, grant),
    summary,
    artefactSha256: manual ? sha256Hex(`artefact:${id}`) : null,
    attestedById: manual ? owner.id : null,
    verifiedAt: w.t,
    createdAt: w.t,
    updatedAt: w.t,
  });
  w.event("evidence.recorded", manual ? owner : null, { kind, grantId: grant.id, connectorType: type, summary }, ["ClosureEvidence", id]);
}

/** Derived from the plan alone, so a REVOKE ticket can name its parent's grant. */
function externalRef(plan: TicketPlan): string {
  const scope = plan.entitlement.scope as Record<string, unknown>;
  const compact = plan.ids.credential.replace(/-/g, "");
  switch (plan.entitlement.system.connectorType) {
    case "POSTGRES":
      return `${scope.database as string}/${scope.role as string}/${pgRoleName(plan.subject.name)}`;
    case "API_KEY":
      return `key_${compact.slice(0, 16)}`;
    case "CERTIFICATE_AUTHORITY":
      return compact;
    case "MANUAL":
      return `task-${compact.slice(0, 6)}`;
    default:
      return `${plan.entitlement.system.key}:${compact.slice(0, 12)}`;
  }
}

/** Fulfilment and the rest of the lifecycle: grant, evidence, expiry or revocation, closure. */
export function runFulfilment(w: Walk): void {
  const { plan } = w;
  const type = plan.entitlement.system.connectorType;
  w.gap(20_000, 2 * MIN);
  // A vendor session is set up when its window opens, not when it is approved.
  const windowStart = w.request.vendorWindowStart as Date | null | undefined;
  if (windowStart && windowStart.getTime() > w.t.getTime()) w.t = windowStart;
  w.setStatus("FULFILLING");
  w.mark("fulfilling");
  w.event("fulfilment.started", null, { connectorType: type });
  if (plan.kind === "REVOKE") return revokeParent(w, type);

  const grant: Prisma.GrantCreateManyInput = {
    id: plan.ids.grant,
    requestId: w.id,
    identityId: plan.subject.id,
    entitlementId: plan.entitlement.id,
    type: grantTypeFor(type),
    status: "PENDING",
    connectorType: type,
    externalRef: externalRef(plan),
    scope: w.request.scope,
    // As fulfilment does: the grant carries the ticket's expiry from the start (activation sets the final one).
    expiresAt: (w.request.expiresAt as Date | null | undefined) ?? null,
    createdAt: w.t,
    updatedAt: w.t,
  };
  w.rows.grants.push(grant);
  if (plan.status === "FULFILLING") return;
  if (plan.status === "FAILED") {
    w.gap(5 * MIN, 6 * HOUR);
    const reason = FAILURE_REASONS[type]!.replace("%s", String((plan.entitlement.scope as Record<string, unknown>).role ?? plan.entitlement.key));
    Object.assign(grant, { status: "FAILED", updatedAt: w.t });
    w.setStatus("FAILED");
    w.request.failureReason = reason;
    w.mark("end");
    w.event("request.failed", null, { reason, attempts: 3 });
    w.notify(plan.requester, "request.failed", "Fulfilment failed", `${w.what()}: ${reason}`);
    return;
  }
  connectorDelay(w, type);
  const expiresAt = plan.ttlHours === null ? null : addMs(w.t, plan.ttlHours * HOUR);
  w.request.expiresAt = expiresAt;
  Object.assign(grant, { status: "ACTIVE", grantedAt: w.t, expiresAt, lastVerifiedAt: w.t, updatedAt: w.t });
  credential(w, grant);
  w.event("grant.created", null, { grantId: grant.id, type: grant.type, connectorType: type, externalRef: grant.externalRef, expiresAt }, ["Grant", grant.id!]);
  evidence(w, grant, plan.kind === "MODIFY" ? "MODIFIED" : plan.kind === "ROTATE" ? "ROTATED" : "GRANTED", true);
  w.setStatus("ACTIVE");
  w.mark("active");
  w.event("request.activated", null, { grantId: grant.id, expiresAt });
  w.notify(plan.requester, "request.active", "Access granted", `${w.what()} is active${expiresAt ? ` until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}.`);
  if (plan.status === "ACTIVE") return;

  const forced = plan.forcedEnd;
  w.t = forced ? forced.revokingAt : addMs(w.t, plan.activeForMs);
  const reason = forced?.reason ?? (expiresAt && w.t.getTime() >= expiresAt.getTime() ? "expired" : expiresAt ? "handed back before expiry" : "access review: no longer needed");
  Object.assign(grant, { status: "REVOKING", updatedAt: w.t });
  w.setStatus("REVOKING");
  w.mark("revoking");
  w.event("request.revoking", null, { reason, byRequestId: forced?.byRequestId ?? null });
  if (plan.status === "REVOKING") return;

  if (forced?.closedAt) w.t = forced.closedAt;
  else connectorDelay(w, type);
  Object.assign(grant, { status: "REVOKED", revokedAt: w.t, lastVerifiedAt: w.t, updatedAt: w.t });
  revokeCredential(w, grant, reason);
  w.event("grant.revoked", null, { grantId: grant.id, reason }, ["Grant", grant.id!]);
  evidence(w, grant, "REVOKED", false);
  w.setStatus("CLOSED");
  w.request.closedAt = w.t;
  w.mark("end");
  w.event("request.closed", null, { reason });
}

/** A REVOKE ticket removes the parent's grant; its evidence points at that grant. */
function revokeParent(w: Walk, type: ConnectorType): void {
  const { plan } = w;
  if (plan.status === "FULFILLING") return;
  const parentGrant = { id: plan.parent!.ids.grant, externalRef: externalRef(plan.parent!) } as Prisma.GrantCreateManyInput;
  if (plan.status === "FAILED") {
    w.gap(5 * MIN, 6 * HOUR);
    const reason = FAILURE_REASONS[type]!.replace("%s", String((plan.entitlement.scope as Record<string, unknown>).role ?? plan.entitlement.key));
    w.setStatus("FAILED");
    w.request.failureReason = reason;
    w.mark("end");
    w.event("request.failed", null, { reason, attempts: 3 });
    return;
  }
  connectorDelay(w, type);
  evidence(w, parentGrant, "REVOKED", false);
  w.setStatus("CLOSED");
  w.request.closedAt = w.t;
  w.mark("end");
  w.event("request.closed", null, { reason: "access removed" });
}
