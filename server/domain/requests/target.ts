import { Prisma, type PrismaClient } from "@/server/db/generated/client";
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

const subjectRowSelect = { ...subjectFactsSelect, user: false, owner: false, backupOwner: false, userId: true } as const satisfies Prisma.IdentitySelect;
type SubjectRow = Prisma.IdentityGetPayload<{ select: typeof subjectRowSelect }>;

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
    const subjectId = input.subjectId;
    if (input.kind === "EXCEPTION" && input.exceptionType === "AUTOMATION" && input.newNhi) {
      if (subjectId) throw new AppError("BAD_REQUEST", "Choose an existing NHI or register a new one, not both.", "subjectId");
      return { entitlement: await catalogueEntitlement(db, input.entitlementId, "entitlementId"), subject: null, grant: null };
    }
    // The entitlement and the subject are read side by side; the entitlement's refusal comes first.
    const [entitlement, subjectRow] = await Promise.all([
      catalogueEntitlement(db, input.entitlementId, "entitlementId"),
      subjectId ? db.identity.findFirst({ where: { AND: [{ id: subjectId }, mayRequestFor] }, select: subjectRowSelect }) : null,
    ]);
    if (!subjectId) throw new AppError("BAD_REQUEST", "Choose who the access is for.", "subjectId");
    if (!subjectRow) {
      throw new AppError("FORBIDDEN", "You may request access only for yourself, people the policy lets you ask for, and NHIs you own or back up.", "subjectId");
    }
    const subject = await withPeople(db, subjectRow);
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
      identity: { select: subjectRowSelect },
    },
  });
  if (!grant) {
    throw new AppError("NOT_FOUND", "No active grant with this id for anyone you may request for.", "grantId");
  }
  if (input.kind === "ROTATE" && grant.type === "ENTITLEMENT") {
    throw new AppError("BAD_REQUEST", "Only a secret or a certificate can be rotated; this grant is an entitlement.", "grantId");
  }
  if (!grant.entitlementId) {
    throw new AppError("PRECONDITION_FAILED", "This grant is not linked to a catalogue entitlement and cannot be changed here.", "grantId");
  }
  let entitlementId = grant.entitlementId;
  if (input.kind === "MODIFY" && input.entitlementId && input.entitlementId !== grant.entitlementId) entitlementId = input.entitlementId;
  // The grant's own entitlement stays changeable after the catalogue stops offering it.
  const entitlement =
    entitlementId === grant.entitlementId
      ? await catalogueEntitlement(db, entitlementId, "grantId", false)
      : await catalogueEntitlement(db, entitlementId, "entitlementId", true);
  const subject = await withPeople(db, grant.identity);
  checkSubject(subject);
  if (input.kind === "MODIFY") await checkModify(db, grant.entitlementId, entitlement, input);
  const { identity: _i, entitlementId: _e, ...rest } = grant;
  return { entitlement, subject, grant: rest };
}

const personSelect = { id: true, email: true, name: true, department: true, active: true } as const satisfies Prisma.UserSelect;

/** The subject with the people it names (its account, owner and backup owner), read in one statement rather than one per relation. */
async function withPeople(db: Db, row: SubjectRow): Promise<SubjectFacts> {
  const ids = [row.userId, row.ownerId, row.backupOwnerId].filter((id): id is string => Boolean(id));
  const people = new Map((ids.length ? await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: personSelect }) : []).map((p) => [p.id, p]));
  const owner = (id: string | null) => {
    const p = id ? people.get(id) : undefined;
    return p ? { id: p.id, email: p.email, name: p.name, active: p.active } : null;
  };
  const { userId, ...subject } = row;
  const account = userId ? people.get(userId) : undefined;
  return {
    ...subject,
    user: account ? { id: account.id, email: account.email, department: account.department, active: account.active } : null,
    owner: owner(subject.ownerId),
    backupOwner: owner(subject.backupOwnerId),
  };
}

/** An entitlement with its system and the system's owner (entitlementFactsSelect's shape), in one statement. */
async function entitlementFacts(db: Db, id: string): Promise<EntitlementFacts | null> {
  const [row] = await db.$queryRaw<EntitlementFacts[]>(Prisma.sql`
    SELECT e.id, e.key, e.name, e.scope, e."riskTier"::text AS "riskTier", e.privileged, e."maxTtlHours", e.requestable,
      json_build_object('id', s.id, 'key', s.key, 'name', s.name, 'environment', s.environment::text, 'riskTier', s."riskTier"::text,
        'connectorType', s."connectorType"::text, 'owner', json_build_object('id', u.id, 'email', u.email, 'name', u.name, 'active', u.active)) AS system
    FROM "Entitlement" e JOIN "System" s ON s.id = e."systemId" JOIN "User" u ON u.id = s."ownerId"
    WHERE e.id = ${id}`);
  return row ?? null;
}

async function catalogueEntitlement(db: Db, id: string, field: string, mustBeRequestable = true): Promise<EntitlementFacts> {
  const entitlement = await entitlementFacts(db, id);
  if (!entitlement) throw new AppError("NOT_FOUND", "No entitlement with this id in the catalogue.", field);
  if (mustBeRequestable && !entitlement.requestable) {
    throw new AppError("BAD_REQUEST", `${entitlement.name} on ${entitlement.system.name} is not requestable from the catalogue.`, field);
  }
  return entitlement;
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
