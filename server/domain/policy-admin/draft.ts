import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { CanonicalEncodingError } from "@/server/domain/audit/canonical";
import { findCurrentPolicyVersion } from "@/server/domain/policy/store";
import { asStoredJson, validateDocument, type PolicyValidationError } from "./engine";

type Db = PrismaClient | Prisma.TransactionClient;

export interface PolicyDraftView {
  id: string;
  /** The draft as the admin last saved it, valid or not. */
  document: unknown;
  valid: boolean;
  errors: PolicyValidationError[];
  /** The published version the draft was started from or last published as. */
  baseVersion: number | null;
  currentVersion: number | null;
  /** True when someone published since this draft was based: its diff is against a newer version. */
  behindCurrent: boolean;
  updatedAt: Date;
  updatedBy: { id: string; name: string };
}

/** Serialises creation of the single working draft (two first reads must not create two). */
const DRAFT_LOCK_KEY = 7_340_011;

const DRAFT_SELECT = {
  id: true,
  document: true,
  baseVersionId: true,
  updatedAt: true,
  updatedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.PolicyDraftSelect;

type DraftRow = Prisma.PolicyDraftGetPayload<{ select: typeof DRAFT_SELECT }>;

/** The working draft row, created from the current version on first read. */
export async function loadDraftRow(db: PrismaClient, actorId: string): Promise<DraftRow> {
  const existing = await db.policyDraft.findFirst({ orderBy: { createdAt: "asc" }, select: DRAFT_SELECT });
  if (existing) return existing;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DRAFT_LOCK_KEY})`;
    const again = await tx.policyDraft.findFirst({ orderBy: { createdAt: "asc" }, select: DRAFT_SELECT });
    if (again) return again;
    const current = await findCurrentPolicyVersion(tx);
    if (!current) throw new AppError("PRECONDITION_FAILED", "No policy has been published yet, so there is nothing to edit.");
    return tx.policyDraft.create({
      data: {
        document: current.storedDocument as Prisma.InputJsonValue,
        baseVersionId: current.id,
        updatedById: actorId,
      },
      select: DRAFT_SELECT,
    });
  });
}

async function toView(db: Db, row: DraftRow): Promise<PolicyDraftView> {
  const validation = validateDocument(row.document);
  const [current, base] = await Promise.all([
    findCurrentPolicyVersion(db),
    row.baseVersionId
      ? db.policyVersion.findUnique({ where: { id: row.baseVersionId }, select: { version: true } })
      : null,
  ]);
  return {
    id: row.id,
    document: row.document,
    valid: validation.ok,
    errors: validation.errors,
    baseVersion: base?.version ?? null,
    currentVersion: current?.version ?? null,
    behindCurrent: Boolean(current && base && current.version !== base.version),
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export async function getDraft(db: PrismaClient, actorId: string): Promise<PolicyDraftView> {
  return toView(db, await loadDraftRow(db, actorId));
}

/**
 * Stores the document even when it does not validate, so work in progress is never lost; the
 * answer carries the errors (path and rule) for the editor to show. With `basedOn` (the draft's
 * updatedAt as the editor loaded it) the save is refused when the draft was saved again since, by
 * another admin or by drafting a suggested pattern: writing the older copy would silently drop
 * that change. The check and the write are one UPDATE, so two saves cannot both pass it.
 */
export async function saveDraft(db: PrismaClient, actorId: string, document: unknown, basedOn?: Date): Promise<PolicyDraftView> {
  const stored = storable(document, "document");
  const row = await loadDraftRow(db, actorId);
  const { count } = await db.policyDraft.updateMany({
    where: { id: row.id, ...(basedOn ? { updatedAt: basedOn } : {}) },
    data: { document: stored, updatedById: actorId },
  });
  const now = await db.policyDraft.findUniqueOrThrow({ where: { id: row.id }, select: DRAFT_SELECT });
  if (count === 0) {
    throw new AppError(
      "CONFLICT",
      `The draft was saved again since you loaded it (by ${now.updatedBy.name} at ${now.updatedAt.toISOString()}): reload it to see that change before saving, or your copy would drop it.`,
      "basedOn",
    );
  }
  return toView(db, now);
}

export async function validateDraft(db: PrismaClient, actorId: string) {
  const row = await loadDraftRow(db, actorId);
  const validation = validateDocument(row.document);
  return { valid: validation.ok, errors: validation.errors };
}

/**
 * Reads an exported file (or any policy JSON) into the draft. The file may carry the export
 * header; the document is what is under `document`, or the whole file when there is no header.
 */
export async function importIntoDraft(db: PrismaClient, actorId: string, json: string): Promise<PolicyDraftView> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The file is not valid JSON: ${(error as Error).message}`, "json");
  }
  const document = isExportFile(parsed) ? parsed.document : parsed;
  const validation = validateDocument(document);
  if (!validation.ok) {
    const first = validation.errors[0]!;
    const more = validation.errors.length > 1 ? ` (and ${validation.errors.length - 1} more)` : "";
    throw new AppError("BAD_REQUEST", `The policy in the file is not valid: ${first.path}: ${first.message} [${first.rule}]${more}`, "json");
  }
  return saveDraft(db, actorId, document);
}

function isExportFile(value: unknown): value is { format: string; document: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === "access-policy" &&
    "document" in value
  );
}

function storable(document: unknown, field: string): Prisma.InputJsonValue {
  if (document === null || typeof document !== "object") {
    throw new AppError("BAD_REQUEST", "A policy document is a JSON object.", field);
  }
  try {
    return asStoredJson(document) as Prisma.InputJsonValue;
  } catch (error) {
    if (error instanceof CanonicalEncodingError) throw new AppError("BAD_REQUEST", `The document cannot be stored as JSON: ${error.message}`, field);
    throw error;
  }
}
