import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";
import { AppError } from "@/server/domain/errors";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import { findCurrentPolicyVersion, getPolicyVersionByNumber } from "@/server/domain/policy/store";
import { uniqueViolationField } from "@/server/domain/catalogue-admin/db-errors";
import { loadDraftRow } from "./draft";
import { asStoredJson, contentHashOf, summarizeChange, validateDocument, type PolicyChangeSummary } from "./engine";

export interface PublishedVersion {
  id: string;
  version: number;
  contentHash: string;
  note: string;
  publishedAt: Date;
  workflows: string[];
  change: PolicyChangeSummary;
}

/** Serialises publishes so two admins never race for the same version number. */
const PUBLISH_LOCK_KEY = 7_340_012;

interface PublishInput {
  actorId: string;
  /** The document exactly as it will be stored and hashed. */
  stored: Prisma.InputJsonObject;
  document: PolicyDocument;
  note: string;
  action: "policy.published" | "policy.rolled_back";
  auditData?: Record<string, unknown>;
  /** The draft to re-base on the new version, when the publish came from it, as it was read. */
  draft?: { id: string; updatedAt: Date };
}

/**
 * Writes a new immutable version, its workflows and the audit event in one transaction. The
 * version number is taken under a lock, so concurrent publishes get distinct numbers; a document
 * identical to the current one is refused rather than published twice.
 */
export async function publishDocument(db: PrismaClient, input: PublishInput): Promise<PublishedVersion> {
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`;
        const current = await findCurrentPolicyVersion(tx);
        if (current && sameContent(current.document, input.document)) {
          throw new AppError(
            "CONFLICT",
            `Nothing to publish: this document is identical to the current version ${current.version}.`,
            "document",
          );
        }
        const change = summarizeChange(current?.document ?? null, input.document);
        const created = await tx.policyVersion.create({
          data: {
            version: (current?.version ?? 0) + 1,
            contentHash: contentHashOf(input.stored),
            document: input.stored,
            note: input.note,
            publishedById: input.actorId,
          },
          select: { id: true, version: true, contentHash: true, publishedAt: true },
        });
        await tx.workflow.createMany({
          data: input.document.workflows.map((workflow) => ({
            policyVersionId: created.id,
            key: workflow.key,
            name: workflow.name,
            stages: asStoredJson(workflow.stages) as Prisma.InputJsonArray,
          })),
        });
        if (input.draft) {
          // Publish exactly what was validated: a save that landed in between is not published unseen.
          const rebased = await tx.policyDraft.updateMany({
            where: { id: input.draft.id, updatedAt: input.draft.updatedAt },
            data: { baseVersionId: created.id },
          });
          if (rebased.count !== 1) {
            throw new AppError("CONFLICT", "The draft was saved again while it was being published; review it and publish again.", "document");
          }
        }
        await appendAuditEvent(tx, {
          actorType: "USER",
          actorId: input.actorId,
          action: input.action,
          entityType: "PolicyVersion",
          entityId: created.id,
          data: {
            version: created.version,
            contentHash: created.contentHash,
            note: input.note,
            previousVersion: current?.version ?? null,
            previousContentHash: current?.contentHash ?? null,
            change,
            ...input.auditData,
          },
        });
        return {
          ...created,
          note: input.note,
          workflows: input.document.workflows.map((w) => w.key),
          change,
        };
      },
      { maxWait: 15_000, timeout: 30_000 },
    );
  } catch (error) {
    throw translatePublishError(error);
  }
}

function sameContent(a: PolicyDocument, b: PolicyDocument): boolean {
  return contentHashOf(asStoredJson(a)) === contentHashOf(asStoredJson(b));
}

function translatePublishError(error: unknown): unknown {
  const field = uniqueViolationField(error, ["contentHash", "version"]);
  if (field === "contentHash") {
    return new AppError(
      "CONFLICT",
      "An earlier version has exactly this content, and the database keeps one version per content hash.",
      "contentHash",
    );
  }
  if (field === "version") {
    return new AppError("CONFLICT", "Another publish took this version number at the same moment; reload and try again.", "version");
  }
  return error;
}

/** Publishes the working draft; an invalid draft is refused with its errors. */
export async function publishDraft(db: PrismaClient, actorId: string, note: string): Promise<PublishedVersion> {
  const draft = await loadDraftRow(db, actorId);
  const validation = validateDocument(draft.document);
  if (!validation.ok) {
    const list = validation.errors.slice(0, 5).map((e) => `${e.path}: ${e.message} [${e.rule}]`).join("; ");
    throw new AppError("BAD_REQUEST", `The draft is not valid (${validation.errors.length} errors): ${list}`, "document");
  }
  return publishDocument(db, {
    actorId,
    stored: asStoredJson(validation.document) as Prisma.InputJsonObject,
    document: validation.document,
    note,
    action: "policy.published",
    draft: { id: draft.id, updatedAt: draft.updatedAt },
  });
}

/** Publishes an older version's document again, byte for byte, as a new version. */
export async function rollbackTo(db: PrismaClient, actorId: string, version: number, note: string): Promise<PublishedVersion> {
  const target = await getPolicyVersionByNumber(db, version);
  return publishDocument(db, {
    actorId,
    stored: target.storedDocument as Prisma.InputJsonObject,
    document: target.document,
    note,
    action: "policy.rolled_back",
    auditData: { rolledBackTo: target.version, rolledBackToId: target.id },
  });
}
