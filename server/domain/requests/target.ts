import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { mayRequestForWhere, type Actor, type OnBehalfOf } from "@/server/domain/identities/requestable";
import type { RequestInput } from "./input";

type Db = PrismaClient | Prisma.TransactionClient;

export const entitlementFactsSelect = {
  id: true,
  key: true,
  name: true,
  scope: true,
  riskTier: true,
  privileged: true,
  maxTtlHours: true,
  requestable: true,
  system: {
    select: {
      id: true,
      key: true,
      name: true,
      environment: true,
      riskTier: true,
      connectorType: true,
      owner: { select: { id: true, email: true, name: true, active: true } },
    },
  },
} as const satisfies Prisma.EntitlementSelect;
export type EntitlementFacts = Prisma.EntitlementGetPayload<{ select: typeof entitlementFactsSelect }>;

export const subjectFactsSelect = {
  id: true,
  kind: true,
  name: true,
  displayName: true,
  status: true,
  nhiType: true,
  environment: true,
  workload: true,
  dependencies: true,
  credentialScope: true,
  rotationPeriodDays: true,
  ownerId: true,
  backupOwnerId: true,
  user: { select: { id: true, email: true, department: true, active: true } },
  owner: { select: { id: true, email: true, name: true, active: true } },
  backupOwner: { select: { id: true, email: true, name: true, active: true } },
} as const satisfies Prisma.IdentitySelect;
export type SubjectFacts = Prisma.IdentityGetPayload<{ select: typeof subjectFactsSelect }>;

export interface GrantFacts {
  id: string;
  type: "ENTITLEMENT" | "SECRET" | "CERTIFICATE";
  requestId: string;
  scope: Prisma.JsonValue;
  expiresAt: Date | null;
}

export interface Target {
  entitlement: EntitlementFacts;
  /** null only for an AUTOMATION request that registers its subject. */
  subject: SubjectFacts | null;
  grant: GrantFacts | null;
}

/**
 * Finds what the request is about, within what the actor may ask for. Anything outside that is
 * refused with the field that named it; nothing here depends on the policy's decision.
 */
export async function loadTarget(db: Db, actor: Actor, onBehalfOf: OnBehalfOf, input: RequestInput): Promise<Target> {
  const mayRequestFor = mayRequestForWhere(actor, onBehalfOf);
  if (input.kind === "GRANT" || input.kind === "EXCEPTION") {
    const entitlement = await requestableEntitlement(db, input.entitlementId, "entitlementId");
    const subjectId = input.subjectId;
    if (input.kind === "EXCEPTION" && input.exceptionType === "AUTOMATION" && input.newNhi) {
      if (subjectId) throw new AppError("BAD_REQUEST", "Choose an existing NHI or register a new one, not both.", "subjectId");
      return { entitlement, subject: null, grant: null };
    }
    if (!subjectId) throw new AppError("BAD_REQUEST", "Choose who the access is for.", "subjectId");
    const subject = await db.identity.findFirst({ where: { AND: [{ id: subjectId }, mayRequestFor] }, select: subjectFactsSelect });
    if (!subject) {
      throw new AppError("FORBIDDEN", "You may request access only for yourself, people the policy lets you ask for, and NHIs you own or back up.", "subjectId");
    }
    checkSubject(subject);
    if (input.kind === "EXCEPTION" && input.exceptionType === "AUTOMATION" && subject.kind !== "NHI") {
      throw new AppError("BAD_REQUEST", "An AUTOMATION exception is for a non-human identity: choose an NHI you own or register a new one.", "subjectId");
    }
    return { entitlement, subject, grant: null };
  }

  const grant = await db.grant.findFirst({
    where: { id: input.grantId, status: "ACTIVE", identity: mayRequestFor },
    select: {
      id: true,
      type: true,
      requestId: true,
      scope: true,
      expiresAt: true,
      entitlementId: true,
      identity: { select: subjectFactsSelect },
    },
  });
  if (!grant) {
    throw new AppError("NOT_FOUND", "No active grant with this id for anyone you may request for.", "grantId");
  }
  checkSubject(grant.identity);
  if (input.kind === "ROTATE" && grant.type === "ENTITLEMENT") {
    throw new AppError("BAD_REQUEST", "Only a secret or a certificate can be rotated; this grant is an entitlement.", "grantId");
  }
  if (!grant.entitlementId) {
    throw new AppError("PRECONDITION_FAILED", "This grant is not linked to a catalogue entitlement and cannot be changed here.", "grantId");
  }
  let entitlementId = grant.entitlementId;
  if (input.kind === "MODIFY" && input.entitlementId && input.entitlementId !== grant.entitlementId) entitlementId = input.entitlementId;
  const entitlement =
    entitlementId === grant.entitlementId
      ? await anyEntitlement(db, entitlementId)
      : await requestableEntitlement(db, entitlementId, "entitlementId");
  if (input.kind === "MODIFY") await checkModify(db, grant.entitlementId, entitlement, input);
  const { identity, entitlementId: _e, ...rest } = grant;
  return { entitlement, subject: identity, grant: rest };
}

async function requestableEntitlement(db: Db, id: string, field: string): Promise<EntitlementFacts> {
  const entitlement = await db.entitlement.findUnique({ where: { id }, select: entitlementFactsSelect });
  if (!entitlement) throw new AppError("NOT_FOUND", "No entitlement with this id in the catalogue.", field);
  if (!entitlement.requestable) {
    throw new AppError("BAD_REQUEST", `${entitlement.name} on ${entitlement.system.name} is not requestable from the catalogue.`, field);
  }
  return entitlement;
}

async function anyEntitlement(db: Db, id: string): Promise<EntitlementFacts> {
  return db.entitlement.findUniqueOrThrow({ where: { id }, select: entitlementFactsSelect });
}

function checkSubject(subject: SubjectFacts): void {
  if (subject.kind === "NHI" && !subject.owner?.active) {
    throw new AppError("PRECONDITION_FAILED", `${subject.displayName} has no active owner: assign an owner before requesting access for it.`, "subjectId");
  }
  if (subject.kind === "HUMAN" && !subject.user && !subject.owner?.active) {
    throw new AppError("PRECONDITION_FAILED", `${subject.displayName} has no active sponsor: an external person needs one.`, "subjectId");
  }
  if (subject.kind === "HUMAN" && subject.user && !subject.user.active) {
    throw new AppError("PRECONDITION_FAILED", `${subject.displayName} no longer has an active account.`, "subjectId");
  }
}

async function checkModify(
  db: Db,
  currentEntitlementId: string,
  target: EntitlementFacts,
  input: Extract<RequestInput, { kind: "MODIFY" }>,
): Promise<void> {
  if (target.id !== currentEntitlementId) {
    const current = await db.entitlement.findUniqueOrThrow({ where: { id: currentEntitlementId }, select: { systemId: true } });
    if (current.systemId !== target.system.id) {
      throw new AppError("BAD_REQUEST", "A modification may only move to another entitlement of the same system.", "entitlementId");
    }
    return;
  }
  if (!input.newScope || Object.keys(input.newScope).length === 0) {
    throw new AppError("BAD_REQUEST", "Say what changes: a new scope, or another entitlement of the same system.", "newScope");
  }
}
