import type { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/enums";

export const KIND_LABELS: Record<RequestKind, string> = {
  GRANT: "Grant",
  MODIFY: "Modify",
  REVOKE: "Revoke",
  ROTATE: "Rotate",
  EXCEPTION: "Exception",
  REVIEW: "Follow-up review",
};

export const EXCEPTION_LABELS: Record<ExceptionType, string> = {
  EMERGENCY: "Emergency",
  VENDOR: "Vendor",
  AUTOMATION: "Automation",
};

export function kindLabel(kind: RequestKind, exceptionType: ExceptionType | null | undefined): string {
  return kind === "EXCEPTION" && exceptionType ? `${EXCEPTION_LABELS[exceptionType]} exception` : KIND_LABELS[kind];
}

/** Statuses in which the requester may still withdraw the ticket. */
export const CANCELLABLE: readonly RequestStatus[] = ["DRAFT", "SUBMITTED", "PENDING_APPROVAL"];

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(value: Date | string): string {
  return `${dateTime.format(typeof value === "string" ? new Date(value) : value)} UTC`;
}

export function formatHours(hours: number): string {
  if (hours % 24 === 0 && hours >= 48) return `${hours / 24} days`;
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
