import type { RouterOutputs } from "@/components/requests/router-types";

/** What approvals.review answers; every section of the review page reads a part of it. */
export type Review = RouterOutputs["approvals"]["review"];
export type ReviewStage = Review["path"]["stages"][number];
export type ReviewDecision = ReviewStage["decisions"][number];

/** A scope value as one short line: lists joined, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "number") return value.toLocaleString("en-GB");
  return String(value);
}

/** "rateLimitPerMinute" → "rate limit per minute", "limit.perPayment" → "limit › per payment". */
export function pathLabel(path: string | readonly string[]): string {
  const parts = typeof path === "string" ? path.split(".") : path;
  return parts.map((p) => p.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase()).join(" › ");
}

export const lower = (value: string | null | undefined) => (value ? value.toLowerCase().replaceAll("_", " ") : "");

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A day without the time, for history where the hour does not matter. */
export function formatDate(value: Date | string): string {
  return day.format(typeof value === "string" ? new Date(value) : value);
}
