import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import type { Problem } from "./field-rules";
import type { ExceptionInput } from "./input";
import type { SubjectFacts } from "./target";

type Db = PrismaClient | Prisma.TransactionClient;

/** Where each field the policy may require lives: on the request, or on the NHI it is for. */
const NHI_FIELDS = new Set(["ownerId", "backupOwnerId", "workload", "environment", "dependencies", "credentialScope", "rotationPeriodDays", "intendedUntil"]);

function present(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && String(value).trim() !== "";
}

/**
 * The fields the policy requires for this exception type, plus the checks every exception gets:
 * an expiry, a sponsor other than the requester, a vendor window that ends after it starts.
 */
export async function exceptionProblems(
  db: Db,
  input: ExceptionInput,
  subject: SubjectFacts | null,
  document: PolicyDocument,
  requesterId: string,
  now: Date,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const type = input.exceptionType;
  const spec = document.exceptionTypes[type];
  for (const name of spec.requiredFields) {
    if (NHI_FIELDS.has(name)) {
      const onNhi = input.newNhi ? (input.newNhi as Record<string, unknown>)[name] : subject ? (subject as Record<string, unknown>)[name] : undefined;
      if (!present(onNhi)) {
        const field = input.newNhi ? `newNhi.${name}` : "subjectId";
        const message = input.newNhi
          ? `${name} is required for ${type} exceptions (policy).`
          : `${type} exceptions require the NHI to have ${name} set (policy); ${subject?.displayName ?? "it"} has none.`;
        problems.push({ field, rule: "required", message });
      }
    } else if (!present((input as Record<string, unknown>)[name])) {
      problems.push({ field: name, rule: "required", message: `${name} is required for ${type} exceptions (policy).` });
    }
  }
  if (!input.expiresAt && !problems.some((p) => p.field === "expiresAt")) {
    problems.push({ field: "expiresAt", rule: "required", message: `Every exception needs an expiry (at most ${spec.maxTtlHours} hours for ${type}).` });
  }
  if (type === "VENDOR" && input.sponsorId) {
    if (input.sponsorId === requesterId) {
      problems.push({ field: "sponsorId", rule: "distinct-sponsor", message: "sponsorId: the sponsor must be someone other than you, the requester." });
    } else if (subject?.user?.id === input.sponsorId) {
      problems.push({ field: "sponsorId", rule: "distinct-sponsor", message: "sponsorId: the sponsor must be someone other than the person the session is for." });
    } else {
      const sponsor = await db.user.findFirst({ where: { id: input.sponsorId, active: true }, select: { id: true } });
      if (!sponsor) problems.push({ field: "sponsorId", rule: "active-sponsor", message: "sponsorId: the sponsor must be an active employee." });
    }
  }
  if (type === "VENDOR" && input.vendorWindowStart && input.vendorWindowEnd) {
    const start = new Date(input.vendorWindowStart);
    const end = new Date(input.vendorWindowEnd);
    if (end <= start) problems.push({ field: "vendorWindowEnd", rule: "after-start", message: "The session window must end after it starts." });
    else if (end <= now) problems.push({ field: "vendorWindowEnd", rule: "in-future", message: "The session window must end in the future." });
    if (input.expiresAt && new Date(input.expiresAt) < end) {
      problems.push({ field: "expiresAt", rule: "covers-window", message: "The expiry must not come before the end of the session window." });
    }
  }
  return problems;
}
