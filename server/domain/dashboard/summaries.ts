import type { Prisma } from "@/server/db/generated/client";
import type { RequestStatus } from "@/server/db/generated/enums";
import { formatRequestNumber } from "@/server/domain/requests/number";

/** Statuses of a ticket that is still on its way (ACTIVE access is tracked as a grant instead). */
export const OPEN_REQUEST_STATUSES: RequestStatus[] = [
  "DRAFT",
  "SUBMITTED",
  "PENDING_APPROVAL",
  "AUTO_APPROVED",
  "APPROVED",
  "FULFILLING",
  "REVOKING",
  "FAILED",
];

export const requestSummarySelect = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  updatedAt: true,
  subject: { select: { displayName: true } },
  system: { select: { name: true } },
  entitlement: { select: { name: true } },
} as const satisfies Prisma.AccessRequestSelect;

type SummaryRow = Prisma.AccessRequestGetPayload<{ select: typeof requestSummarySelect }>;

export interface RequestSummary {
  id: string;
  number: string;
  title: string;
  status: SummaryRow["status"];
  updatedAt: Date;
}

const KIND_LABEL: Record<SummaryRow["kind"], string> = {
  GRANT: "Grant",
  MODIFY: "Modify",
  REVOKE: "Revoke",
  ROTATE: "Rotate",
  EXCEPTION: "Exception",
  REVIEW: "Follow-up review",
};

/** A one-line title such as "Grant Read replica on Payments DB for Ana Ruiz". */
export function requestTitle(row: Omit<SummaryRow, "id" | "number" | "status" | "updatedAt">): string {
  const kind =
    row.kind === "EXCEPTION" && row.exceptionType
      ? `${row.exceptionType.charAt(0)}${row.exceptionType.slice(1).toLowerCase()} exception`
      : KIND_LABEL[row.kind];
  const what = row.entitlement?.name ?? row.system?.name ?? "access";
  const where = row.entitlement && row.system ? ` on ${row.system.name}` : "";
  return `${kind} ${what}${where} for ${row.subject.displayName}`;
}

export function toRequestSummary(row: SummaryRow): RequestSummary {
  return {
    id: row.id,
    number: formatRequestNumber(row.number),
    title: requestTitle(row),
    status: row.status,
    updatedAt: row.updatedAt,
  };
}
