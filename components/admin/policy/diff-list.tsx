import { EmptyState } from "@/components/ui/empty-state";
import { badgeClass } from "../styles";
import type { PolicyChange } from "@/server/domain/policy/diff";

type DiffKind = PolicyChange["kind"];

const KIND_STYLES: Record<DiffKind, { label: string; className: string }> = {
  added: { label: "Added", className: "bg-green-50 text-green-800 ring-green-200" },
  removed: { label: "Removed", className: "bg-red-50 text-red-800 ring-red-200" },
  changed: { label: "Changed", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  moved: { label: "Moved", className: "bg-sky-50 text-sky-800 ring-sky-200" },
};

function show(value: unknown): string {
  if (value === undefined) return "—";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** A move's before/after are 0-based positions; people count from 1. */
function position(value: unknown): string {
  return typeof value === "number" ? String(value + 1) : show(value);
}

/** What the draft changes against the published version, one line per path. */
export function DiffList({ entries, baseVersion }: { entries: PolicyChange[]; baseVersion: number }) {
  if (entries.length === 0) return <EmptyState title="No changes">The draft is identical to v{baseVersion}.</EmptyState>;
  const counts = (Object.keys(KIND_STYLES) as DiffKind[]).map((kind) => [kind, entries.filter((e) => e.kind === kind).length] as const).filter(([, n]) => n > 0);
  return (
    <div>
      <p className="mb-3 flex flex-wrap gap-2 px-3 pt-1 text-xs text-muted">
        {counts.map(([kind, n]) => (
          <span key={kind} className={`${badgeClass} ${KIND_STYLES[kind].className}`}>
            {n} {KIND_STYLES[kind].label.toLowerCase()}
          </span>
        ))}
      </p>
      <ul aria-label="Changes against the published version" className="divide-y divide-line/70">
        {entries.map((entry, i) => (
          <li key={i} className="grid gap-1 px-3 py-2.5 sm:grid-cols-[6rem_1fr]">
            <span className={`${badgeClass} h-fit w-fit ${KIND_STYLES[entry.kind].className}`}>{KIND_STYLES[entry.kind].label}</span>
            <div className="min-w-0">
              <p className="break-all font-mono text-xs font-medium text-ink">{entry.path}</p>
              {entry.kind === "moved" ? (
                <p className="mt-0.5 text-xs text-muted">
                  From position {position(entry.before)} to {position(entry.after)}
                </p>
              ) : (
                <p className="mt-0.5 break-all font-mono text-xs">
                  {entry.kind !== "added" ? <span className="text-red-700 line-through decoration-red-300">{show(entry.before)}</span> : null}
                  {entry.kind === "changed" ? <span className="mx-1.5 text-muted">→</span> : null}
                  {entry.kind !== "removed" ? <span className="text-green-800">{show(entry.after)}</span> : null}
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
