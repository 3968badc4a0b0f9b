import type { Environment, ExceptionType, NhiType, RequestKind } from "@/server/db/generated/enums";
import type { RequestInput } from "@/server/domain/requests/input";

export type SubjectMode = "self" | "other" | "new-nhi";

/** Everything the form holds; the procedure input is derived from it by toRequestInput. */
export interface RequestFormState {
  kind: RequestKind;
  exceptionType: ExceptionType;
  subjectMode: SubjectMode;
  subjectId: string;
  entitlementId: string;
  grantId: string;
  /** MODIFY: the new scope as JSON text, compared line by line with the grant's scope. */
  newScopeText: string;
  justification: string;
  /** A datetime-local value, read as UTC. */
  expiresAt: string;
  incidentId: string;
  sponsorId: string;
  vendorWindowStart: string;
  vendorWindowEnd: string;
  nhi: {
    name: string;
    displayName: string;
    nhiType: NhiType;
    ownerId: string;
    backupOwnerId: string;
    workload: string;
    environment: Environment;
    dependencies: string;
    credentialScope: string;
    rotationPeriodDays: string;
    intendedUntil: string;
  };
}

/** `selfId` is the requester's identity (the subject); `selfUserId` their account (a new NHI's default owner). */
export function initialFormState(selfId: string, selfUserId: string, prefill?: Partial<RequestFormState>): RequestFormState {
  return {
    kind: "GRANT",
    exceptionType: "EMERGENCY",
    subjectMode: "self",
    subjectId: selfId,
    entitlementId: "",
    grantId: "",
    newScopeText: "",
    justification: "",
    expiresAt: "",
    incidentId: "",
    sponsorId: "",
    vendorWindowStart: "",
    vendorWindowEnd: "",
    nhi: {
      name: "",
      displayName: "",
      nhiType: "SERVICE_ACCOUNT",
      ownerId: selfUserId,
      backupOwnerId: "",
      workload: "",
      environment: "STAGING",
      dependencies: "",
      credentialScope: "",
      rotationPeriodDays: "90",
      intendedUntil: "",
    },
    ...prefill,
  };
}

/** A datetime-local value ("2026-12-01T17:00") taken as UTC, as the form labels say. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocal(date: Date): string {
  return date.toISOString().slice(0, 16);
}

export function parseScope(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const usesGrant = (kind: RequestKind) => kind === "MODIFY" || kind === "REVOKE" || kind === "ROTATE";
export const usesCatalogue = (kind: RequestKind) => kind === "GRANT" || kind === "EXCEPTION";

/** The procedure input for the current form, or null while the form lacks what identifies the request. */
export function toRequestInput(state: RequestFormState, idempotencyKey: string): RequestInput | null {
  const expiresAt = localToIso(state.expiresAt);
  const common = { justification: state.justification, idempotencyKey };
  switch (state.kind) {
    case "GRANT":
      if (!state.entitlementId || !state.subjectId) return null;
      return { kind: "GRANT", entitlementId: state.entitlementId, subjectId: state.subjectId, expiresAt, ...common };
    case "MODIFY": {
      if (!state.grantId) return null;
      const newScope = state.newScopeText ? parseScope(state.newScopeText) : undefined;
      return {
        kind: "MODIFY",
        grantId: state.grantId,
        entitlementId: state.entitlementId || undefined,
        newScope,
        expiresAt,
        ...common,
      };
    }
    case "REVOKE":
      return state.grantId ? { kind: "REVOKE", grantId: state.grantId, ...common } : null;
    case "ROTATE":
      return state.grantId ? { kind: "ROTATE", grantId: state.grantId, ...common } : null;
    case "REVIEW":
      // A follow-up review is opened by an emergency grant, never filed through the form.
      return null;
    case "EXCEPTION": {
      if (!state.entitlementId) return null;
      const registering = state.exceptionType === "AUTOMATION" && state.subjectMode === "new-nhi";
      if (!registering && !state.subjectId) return null;
      const n = state.nhi;
      return {
        kind: "EXCEPTION",
        exceptionType: state.exceptionType,
        entitlementId: state.entitlementId,
        subjectId: registering ? undefined : state.subjectId,
        expiresAt,
        incidentId: state.exceptionType === "EMERGENCY" ? state.incidentId || undefined : undefined,
        sponsorId: state.exceptionType === "VENDOR" ? state.sponsorId || undefined : undefined,
        vendorWindowStart: state.exceptionType === "VENDOR" ? localToIso(state.vendorWindowStart) : undefined,
        vendorWindowEnd: state.exceptionType === "VENDOR" ? localToIso(state.vendorWindowEnd) : undefined,
        newNhi: registering
          ? {
              name: n.name,
              displayName: n.displayName,
              nhiType: n.nhiType,
              ownerId: n.ownerId,
              backupOwnerId: n.backupOwnerId,
              workload: n.workload,
              environment: n.environment,
              dependencies: n.dependencies
                .split(/[,\n]/)
                .map((d) => d.trim())
                .filter(Boolean),
              credentialScope: n.credentialScope,
              rotationPeriodDays: Number.parseInt(n.rotationPeriodDays, 10) || 0,
              intendedUntil: localToIso(n.intendedUntil) ?? "",
            }
          : undefined,
        ...common,
      };
    }
  }
}
