"use client";

import { useId, useState, type ReactNode } from "react";
import { inputClass, labelClass } from "../styles";
import { splitList } from "./edit";
import { FieldIssues, useIssues } from "./issues";

interface FieldProps {
  label: string;
  /** Dotted path of the value in the document; issues at this path show beside the field. */
  path: string;
  hint?: string;
  className?: string;
}

function Field({ label, path, hint, className = "", children }: FieldProps & { children: (props: { id: string; invalid: boolean; describedBy?: string }) => ReactNode }) {
  const id = useId();
  const invalid = useIssues().at(path).length > 0;
  const issuesId = `${id}-issues`;
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div className="mt-1">{children({ id, invalid, describedBy: invalid ? issuesId : undefined })}</div>
      {hint ? <p className="mt-1 text-[11px] text-muted">{hint}</p> : null}
      <FieldIssues path={path} id={issuesId} />
    </div>
  );
}

export function TextField({ value, onChange, placeholder, list, ...props }: FieldProps & { value: string; onChange: (v: string) => void; placeholder?: string; list?: string }) {
  return (
    <Field {...props}>
      {({ id, invalid, describedBy }) => (
        <input id={id} type="text" className={inputClass} value={value} placeholder={placeholder} list={list} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** A whole-number input; an empty box means "not set" and reaches the caller as null. */
export function NumberField({ value, onChange, min, ...props }: FieldProps & { value: number | null | undefined; onChange: (v: number | null) => void; min?: number }) {
  return (
    <Field {...props}>
      {({ id, invalid, describedBy }) => (
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={min}
          className={`${inputClass} tabular-nums`}
          value={value ?? ""}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>({ value, onChange, options, ...props }: FieldProps & { value: T | ""; onChange: (v: T) => void; options: readonly { value: T; label: string }[] }) {
  const known = options.some((o) => o.value === value);
  return (
    <Field {...props}>
      {({ id, invalid, describedBy }) => (
        <select id={id} className={inputClass} value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value as T)}>
          {/* A value the list does not know (a dangling reference) stays visible so it can be fixed. */}
          {!known ? <option value={value}>{value === "" ? "Choose…" : `${value} (missing)`}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, path, checked, onChange }: { label: string; path: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm text-ink">
        <input id={id} type="checkbox" className="size-4 rounded border-line accent-brand-600" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      <FieldIssues path={path} />
    </div>
  );
}

/** Several choices from a fixed list, e.g. the tiers that allow access without an end date. */
export function MultiCheckField<T extends string>({ legend, path, options, value, onChange }: { legend: string; path: string; options: readonly T[]; value: readonly T[]; onChange: (v: T[]) => void }) {
  return (
    <fieldset>
      <legend className={labelClass}>{legend}</legend>
      <div className="mt-1.5 flex flex-wrap gap-3">
        {options.map((option) => (
          <label key={option} className="inline-flex items-center gap-1.5 text-sm text-ink">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={value.includes(option)}
              onChange={(e) => onChange(e.target.checked ? options.filter((o) => o === option || value.includes(o)) : value.filter((v) => v !== option))}
            />
            {option}
          </label>
        ))}
      </div>
      <FieldIssues path={path} />
    </fieldset>
  );
}

/**
 * A list typed as comma-separated text. The text is kept as typed (a trailing comma survives
 * while the next entry is written); the list reaches the caller parsed.
 */
export function ListTextField({ value, onChange, ...props }: FieldProps & { value: readonly string[]; onChange: (v: string[]) => void }) {
  const joined = value.join(", ");
  const [text, setText] = useState(joined);
  const [seen, setSeen] = useState(joined);
  if (seen !== joined) {
    setSeen(joined);
    if (splitList(text).join(", ") !== joined) setText(joined);
  }
  return (
    <TextField
      {...props}
      value={text}
      onChange={(next) => {
        setText(next);
        onChange(splitList(next));
      }}
    />
  );
}
