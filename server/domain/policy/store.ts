import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { policyDocumentSchema } from "./schema";
import type { PublishedPolicy } from "./types";

type Db = PrismaClient | Prisma.TransactionClient;

export interface PolicyVersionSummary {
  id: string;
  version: number;
  contentHash: string;
  note: string | null;
  publishedBy: { id: string; name: string; email: string };
  publishedAt: Date;
  /** Tickets whose decision pinned this version. */
  ticketCount: number;
}

export interface PolicyVersionDetail extends PolicyVersionSummary {
  document: PublishedPolicy["document"];
  /** The document exactly as stored and hashed (sections with defaults may be absent). */
  storedDocument: Prisma.JsonValue;
}

const VERSION_SELECT = {
  id: true,
  version: true,
  contentHash: true,
  note: true,
  document: true,
  publishedAt: true,
  publishedBy: { select: { id: true, name: true, email: true } },
  _count: { select: { requests: true } },
} as const satisfies Prisma.PolicyVersionSelect;

type VersionRow = Prisma.PolicyVersionGetPayload<{ select: typeof VERSION_SELECT }>;

/**
 * A published document was validated before it was written and the table refuses updates, so a
 * document that no longer parses means the schema changed incompatibly: fail loudly, never
 * evaluate against a half-understood policy.
 */
function parseStored(row: { version: number; document: Prisma.JsonValue }): PublishedPolicy["document"] {
  const parsed = policyDocumentSchema.safeParse(row.document);
  if (!parsed.success) {
    throw new AppError("INTERNAL", `Policy version ${row.version} no longer matches the policy schema.`);
  }
  return parsed.data;
}

function toSummary(row: Omit<VersionRow, "document">): PolicyVersionSummary {
  return {
    id: row.id,
    version: row.version,
    contentHash: row.contentHash,
    note: row.note,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    ticketCount: row._count.requests,
  };
}

function toDetail(row: VersionRow): PolicyVersionDetail {
  return { ...toSummary(row), document: parseStored(row), storedDocument: row.document };
}

/**
 * Parsed documents by version id, per database client. A published version is never updated (the
 * table refuses it), so a version read once need not be transferred and parsed again: each ticket
 * reads only which version is current.
 */
const parsedDocuments = new WeakMap<object, Map<string, PublishedPolicy["document"]>>();
const PARSED_KEPT = 16;

/**
 * The policy in force: the version with the highest number. A rollback publishes the older
 * document again as a new version, so the latest is always the current one.
 */
export async function getCurrentPolicy(db: Db): Promise<PublishedPolicy> {
  const row = await db.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { id: true, version: true, contentHash: true } });
  if (!row) throw new AppError("PRECONDITION_FAILED", "No policy has been published yet.");
  let parsed = parsedDocuments.get(db);
  if (!parsed) parsedDocuments.set(db, (parsed = new Map()));
  let document = parsed.get(row.id);
  if (!document) {
    const stored = await db.policyVersion.findUniqueOrThrow({ where: { id: row.id }, select: { version: true, document: true } });
    document = parseStored(stored);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(row.id, document);
  }
  return { ...row, document };
}

/** Workflow ids by policy version and key, per database client: a version's workflows are written once, at publish. */
const workflowIds = new WeakMap<object, Map<string, string | null>>();

/** The id of the workflow `key` of a published policy version, or null when it has none. */
export async function workflowId(db: Db, policyVersionId: string, key: string): Promise<string | null> {
  let known = workflowIds.get(db);
  if (!known) workflowIds.set(db, (known = new Map()));
  const cacheKey = `${policyVersionId}:${key}`;
  if (known.has(cacheKey)) return known.get(cacheKey)!;
  const row = await db.workflow.findUnique({ where: { policyVersionId_key: { policyVersionId, key } }, select: { id: true } });
  if (known.size >= PARSED_KEPT * 20) known.clear();
  known.set(cacheKey, row?.id ?? null);
  return row?.id ?? null;
}

/** The current version with its publisher and stored document, or null before the first publish. */
export async function findCurrentPolicyVersion(db: Db): Promise<PolicyVersionDetail | null> {
  const row = await db.policyVersion.findFirst({ orderBy: { version: "desc" }, select: VERSION_SELECT });
  return row ? toDetail(row) : null;
}

export async function getPolicyVersion(db: Db, id: string): Promise<PolicyVersionDetail> {
  const row = await db.policyVersion.findUnique({ where: { id }, select: VERSION_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "No policy version has this id.", "id");
  return toDetail(row);
}

export async function getPolicyVersionByNumber(db: Db, version: number): Promise<PolicyVersionDetail> {
  const row = await db.policyVersion.findUnique({ where: { version }, select: VERSION_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `There is no policy version ${version}.`, "version");
  return toDetail(row);
}

/** Every published version, newest first (a handful per year: no paging needed). */
export async function listPolicyVersions(db: Db): Promise<PolicyVersionSummary[]> {
  const rows = await db.policyVersion.findMany({
    orderBy: { version: "desc" },
    select: { ...VERSION_SELECT, document: false },
  });
  return rows.map(toSummary);
}

/** The current version for the admin's overview; NOT_FOUND before the first publish. */
export async function currentPolicyVersion(db: Db): Promise<PolicyVersionDetail> {
  const current = await findCurrentPolicyVersion(db);
  if (!current) throw new AppError("NOT_FOUND", "No policy has been published yet.");
  return current;
}
