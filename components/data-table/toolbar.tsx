"use client";

import { useEffect, useState } from "react";
import type { TableQuery } from "./table-query";
import type { TableQueryPatch } from "./use-table-query";

export type FilterField<TFilter extends string> =
  | { id: TFilter; kind: "text"; label: string; placeholder?: string }
  | { id: TFilter; kind: "select"; label: string; options: readonly { value: string; label: string }[]; allLabel?: string };

const TEXT_DEBOUNCE_MS = 300;

/** Filter controls bound to the table query: selects apply at once, text after a short pause. */
export function DataTableToolbar<TSort extends string, TFilter extends string>({
  fields,
  query,
  onQueryChange,
  children,
}: {
  fields: readonly FilterField<TFilter>[];
  query: TableQuery<TSort, TFilter>;
  onQueryChange: (patch: TableQueryPatch<TSort, TFilter>) => void;
  /** Extra controls on the right (for example a "New" button). */
  children?: React.ReactNode;
}) {
  const active = fields.some((field) => query.filters[field.id]);
  const setFilter = (id: TFilter, value: string) =>
    onQueryChange({ filters: { [id]: value } as Partial<Record<TFilter, string>> });
  return (
    <div role="search" aria-label="Filters" className="flex flex-wrap items-end gap-3">
      {fields.map((field) =>
        field.kind === "text" ? (
          <TextFilter key={field.id} field={field} value={query.filters[field.id] ?? ""} onChange={(value) => setFilter(field.id, value)} />
        ) : (
          <label key={field.id} className="flex flex-col gap-1 text-xs font-medium text-muted">
            {field.label}
            <select
              value={query.filters[field.id] ?? ""}
              onChange={(event) => setFilter(field.id, event.target.value)}
              className="h-9 rounded-lg border border-line bg-panel px-2.5 text-sm text-ink shadow-card"
            >
              <option value="">{field.allLabel ?? "All"}</option>
              {field.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        ),
      )}
      {active ? (
        <button
          type="button"
          onClick={() =>
            onQueryChange({ filters: Object.fromEntries(fields.map((field) => [field.id, undefined])) as Partial<Record<TFilter, undefined>> })
          }
          className="h-9 rounded-lg px-2.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          Clear filters
        </button>
      ) : null}
      {children ? <div className="ml-auto flex items-end gap-2">{children}</div> : null}
    </div>
  );
}

function TextFilter<TFilter extends string>({
  field,
  value,
  onChange,
}: {
  field: { id: TFilter; label: string; placeholder?: string };
  value: string;
  onChange: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  // The URL is the truth: Back, "Clear filters" or a shared link replace what was typed.
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft.trim() === value) return;
    const timer = window.setTimeout(() => onChange(draft.trim()), TEXT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <label className="flex min-w-56 flex-1 flex-col gap-1 text-xs font-medium text-muted sm:flex-none">
      {field.label}
      <input
        type="search"
        value={draft}
        placeholder={field.placeholder}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onChange(draft.trim());
        }}
        className="h-9 rounded-lg border border-line bg-panel px-3 text-sm text-ink shadow-card placeholder:text-slate-400"
      />
    </label>
  );
}
