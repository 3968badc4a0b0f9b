import type { ConnectorType, PrismaClient } from "@/server/db/generated/client";

/**
 * One interface for every target the portal changes. Fulfilment calls `grant`, `revoke` or
 * `rotate`, then `verify`: closure evidence is what verify read back from the target, never the
 * connector's own claim that the change worked.
 */
export interface ConnectorContext {
  db: PrismaClient;
  now: Date;
}

/** What a connector acts on: the system's configuration, the identity and the approved scope. */
export interface ConnectorTarget {
  requestId: string;
  /** The Grant row this change belongs to (created PENDING before the connector runs). */
  grantId: string;
  system: { key: string; connectorType: ConnectorType; config: Record<string, unknown> };
  identity: { id: string; name: string; kind: "HUMAN" | "NHI" };
  scope: Record<string, unknown>;
  expiresAt: Date | null;
}

export interface RevokeTarget extends ConnectorTarget {
  externalRef: string;
  /** The access was replaced by a newer version (a rotation), not ended. */
  superseded?: boolean;
}

/** What verify read back: whether the access is there now, and the raw facts it saw. */
export interface Observation {
  present: boolean;
  observed: Record<string, unknown>;
  /** One sentence for people: "role orders_read granted to riley_requester (pg_auth_members)". */
  summary: string;
}

export interface GrantResult {
  /** How the target names what was created (role membership, key id, certificate serial). */
  externalRef: string;
  /** A secret shown once to the requester and never stored; only its fingerprint is. */
  secret?: { value: string; fingerprint: string; prefix: string };
  /** After a rotation: until when the previous version keeps working (the overlap's end). */
  previousUntil?: Date;
}

export interface Connector {
  readonly type: ConnectorType;
  /** Idempotent: granting what is already there succeeds and returns the same reference. */
  grant(ctx: ConnectorContext, target: ConnectorTarget): Promise<GrantResult>;
  /** Idempotent: revoking what is already gone succeeds. */
  revoke(ctx: ConnectorContext, target: RevokeTarget): Promise<void>;
  /**
   * Issues the next version of a credential onto the rotating ticket's own Grant row
   * (`target.grantId`), from the version `previous` names. The previous version keeps working
   * until its grant is revoked at the end of the overlap. Idempotent per `target.grantId`: a
   * repeated call returns the new version's reference without its value. Connectors without
   * credentials do not rotate.
   */
  rotate?(ctx: ConnectorContext, target: ConnectorTarget, previous: { grantId: string; externalRef: string }): Promise<GrantResult>;
  verify(ctx: ConnectorContext, target: ConnectorTarget & { externalRef: string }): Promise<Observation>;
}

/** A failure of the target (down, refused, malformed answer): fulfilment retries within bounds. */
export class ConnectorError extends Error {
  override name = "ConnectorError";
  constructor(
    message: string,
    /** False when retrying cannot help (a bad configuration, a refused signature). */
    readonly retryable = true,
  ) {
    super(message);
  }
}
