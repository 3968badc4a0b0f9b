import type { GapSeverity } from "@/server/domain/gaps/types";

/** Badge colours by severity; a report with no findings reads as clear whatever its severity. */
export function severityStyle(severity: GapSeverity, count: number): { label: string; className: string; dot: string } {
  if (count === 0) return { label: "Clear", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" };
  if (severity === "high") return { label: "High", className: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" };
  if (severity === "medium") return { label: "Medium", className: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" };
  return { label: "Low", className: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" };
}
