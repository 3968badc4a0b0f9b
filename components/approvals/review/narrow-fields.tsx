"use client";

import { inputClass } from "@/components/requests/new/field";
import type { NarrowableField } from "@/server/domain/approvals/scope-diff";
import { formatValue, pathLabel } from "./types";

type Primitive = string | number | boolean;

/**
 * The parts of the scope an approver may narrow: each list as checkboxes (at least one stays
 * ticked: to give nothing, deny instead), each number as a field that only goes down.
 */
export function NarrowFields({
  fields,
  values,
  onChange,
  error,
}: {
  fields: readonly NarrowableField[];
  values: ReadonlyMap<string, unknown>;
  onChange: (path: string, value: unknown) => void;
  error?: string;
}) {
  if (fields.length === 0) return <p className="text-xs text-muted">This scope has no lists or limits to narrow.</p>;
  return (
    <div id="decision-scope" className="flex flex-col gap-3" aria-describedby={error ? "decision-scope-error" : undefined}>
      {fields.map((field) => {
        const key = field.path.join(".");
        const id = `narrow-${key.replaceAll(".", "-")}`;
        if (field.kind === "list") {
          const kept = (values.get(key) as Primitive[] | undefined) ?? [...field.options];
          return (
            <fieldset key={key} className="flex flex-col gap-1">
              <legend className="mb-1 text-xs font-medium text-ink">{pathLabel(field.path)}</legend>
              <div className="flex flex-wrap gap-x-3 gap-y-1.5">
                {field.options.map((option) => {
                  const checked = kept.includes(option);
                  const last = checked && kept.length === 1;
                  return (
                    <label key={String(option)} className={`flex items-center gap-1.5 font-mono text-xs ${checked ? "text-ink" : "text-muted line-through"}`} title={last ? "At least one stays: deny the request to give nothing" : undefined}>
                      <input
                        type="checkbox"
                        className="size-4 accent-brand-600"
                        checked={checked}
                        disabled={last}
                        onChange={(e) => onChange(key, e.target.checked ? field.options.filter((o) => o === option || kept.includes(o)) : kept.filter((o) => o !== option))}
                      />
                      {String(option)}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          );
        }
        const current = values.get(key);
        return (
          <div key={key} className="flex flex-col gap-1">
            <label htmlFor={id} className="text-xs font-medium text-ink">
              {pathLabel(field.path)}
            </label>
            <input
              id={id}
              type="number"
              inputMode="decimal"
              max={field.max}
              step="any"
              value={current === undefined ? String(field.max) : String(current)}
              onChange={(e) => onChange(key, e.target.value === "" ? "" : Number(e.target.value))}
              aria-describedby={`${id}-hint`}
              className={`${inputClass} max-w-40 font-mono`}
            />
            <p id={`${id}-hint`} className="text-[11px] text-muted">
              Requested {formatValue(field.max)}; only a lower value.
            </p>
          </div>
        );
      })}
    </div>
  );
}
