"use client";

import { displayPath, useIssues, type DraftIssue } from "./issues";

export const SECTIONS = [
  { key: "workflows", label: "Workflows", paths: ["workflows", "groups"] },
  { key: "risk", label: "Risk tiers", paths: ["riskScoring"] },
  { key: "patterns", label: "Pre-approved patterns", paths: ["preApprovedPatterns"] },
  { key: "ttl", label: "TTL caps", paths: ["ttlCapsHours"] },
  { key: "sod", label: "SoD rules", paths: ["separationOfDuties"] },
  { key: "exceptions", label: "Exception types", paths: ["exceptionTypes"] },
  { key: "rules", label: "Rules", paths: ["rules"] },
  { key: "json", label: "Raw JSON", paths: [] },
] as const;

export type SectionKey = (typeof SECTIONS)[number]["key"];

/** The tab that shows the field an issue is about; anything without a form of its own is in the JSON view. */
export function sectionOf(issue: DraftIssue): SectionKey {
  const head = issue.path.split(".")[0] ?? "";
  return SECTIONS.find((s) => (s.paths as readonly string[]).includes(head))?.key ?? "json";
}

export function SectionTabs({ active, onSelect, disabled }: { active: SectionKey; onSelect: (key: SectionKey) => void; disabled: boolean }) {
  const { all } = useIssues();
  return (
    <div role="tablist" aria-label="Policy sections" className="flex flex-wrap gap-1 border-b border-line">
      {SECTIONS.map((section) => {
        const count = all.filter((i) => sectionOf(i) === section.key).length;
        const selected = active === section.key;
        return (
          <button
            key={section.key}
            type="button"
            role="tab"
            id={`tab-${section.key}`}
            aria-selected={selected}
            aria-controls={`panel-${section.key}`}
            disabled={disabled && section.key !== "json"}
            onClick={() => onSelect(section.key)}
            className={`-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium transition disabled:opacity-40 ${
              selected ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:text-ink"
            }`}
          >
            {section.label}
            {count > 0 ? (
              <span className="rounded-full bg-red-100 px-1.5 text-[11px] font-semibold text-red-800" aria-label={`${count} problems`}>
                {count}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

/** Every problem in the draft, each with its path and rule; choosing one opens its tab. */
export function IssuesSummary({ onOpen }: { onOpen: (key: SectionKey) => void }) {
  const { all } = useIssues();
  if (all.length === 0) return null;
  return (
    <section aria-labelledby="draft-issues-heading" className="rounded-card border border-red-200 bg-red-50/60 p-4">
      <h2 id="draft-issues-heading" className="text-sm font-semibold text-red-900">
        {all.length === 1 ? "1 problem" : `${all.length} problems`} in this draft: it cannot be published until they are fixed
      </h2>
      <ul aria-label="Draft problems" className="mt-2 space-y-1 text-sm">
        {all.map((issue, i) => (
          <li key={i} className="flex flex-wrap items-baseline gap-x-2">
            <button type="button" className="font-mono text-xs font-medium text-red-800 underline decoration-red-300 underline-offset-2 hover:decoration-red-700" onClick={() => onOpen(sectionOf(issue))}>
              {displayPath(issue.path) || "(document)"}
            </button>
            <span className="text-red-900">{issue.message}</span>
            <span className="rounded bg-red-100 px-1 font-mono text-[11px] text-red-800">{issue.rule}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
