"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/react";

export interface TypeaheadOption {
  id: string;
  label: string;
  hint?: string;
}

const DEBOUNCE_MS = 200;

/**
 * A combobox that finds people or identities by name. Arrow keys move through the matches,
 * Enter picks one, Escape closes the list; a picked value shows as a pill with a clear button.
 */
export function Typeahead({
  label,
  source,
  value,
  valueLabel,
  onChange,
  placeholder,
}: {
  label: string;
  source: "people" | "identities";
  value: string | undefined;
  /** The picked record's name, when known. */
  valueLabel: string | undefined;
  onChange: (id: string | undefined) => void;
  placeholder?: string;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [typed, setTyped] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = window.setTimeout(() => setTyped(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  const lookup = useQuery({ ...trpc.explorer.lookup.queryOptions({ q: typed }), enabled: open && typed.length > 0 });
  const options: TypeaheadOption[] =
    source === "people"
      ? (lookup.data?.people ?? []).map((p) => ({ id: p.id, label: p.name, hint: p.email }))
      : (lookup.data?.identities ?? []).map((i) => ({ id: i.id, label: i.name, hint: i.kind === "NHI" ? (i.nhiType ?? "NHI").replaceAll("_", " ").toLowerCase() : "person" }));

  function pick(option: TypeaheadOption) {
    onChange(option.id);
    setText("");
    setTyped("");
    setOpen(false);
  }

  if (value) {
    return (
      <div className="flex flex-col gap-1 text-xs font-medium text-muted">
        <span id={`${id}-label`}>{label}</span>
        <span className="inline-flex h-9 items-center justify-between gap-2 rounded-lg border border-brand-100 bg-brand-50 px-2.5 text-sm text-brand-900 shadow-card">
          <span className="truncate">{valueLabel ?? "Selected"}</span>
          <button
            type="button"
            onClick={() => onChange(undefined)}
            aria-label={`Clear ${label.toLowerCase()}`}
            className="rounded px-1 text-base leading-none text-brand-700 hover:bg-brand-100"
          >
            ×
          </button>
        </span>
      </div>
    );
  }

  const listId = `${id}-list`;
  const showList = open && typed.length > 0;
  return (
    <div className="relative flex flex-col gap-1 text-xs font-medium text-muted">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        value={text}
        placeholder={placeholder}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 120)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === "Enter" && showList && options[active]) {
            event.preventDefault();
            pick(options[active]);
          } else if (event.key === "Escape") {
            setOpen(false);
          }
        }}
        className="h-9 rounded-lg border border-line bg-panel px-3 text-sm text-ink shadow-card placeholder:text-slate-400"
      />
      {showList ? (
        <ul id={listId} role="listbox" aria-label={label} className="absolute top-full z-20 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-lg border border-line bg-panel py-1 shadow-lg">
          {lookup.isFetching && options.length === 0 ? (
            <li className="px-3 py-2 text-sm font-normal text-muted">Searching…</li>
          ) : options.length === 0 ? (
            <li className="px-3 py-2 text-sm font-normal text-muted">No match for “{typed}”</li>
          ) : (
            options.map((option, i) => (
              <li
                key={option.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(option);
                }}
                onMouseEnter={() => setActive(i)}
                className={`flex cursor-pointer flex-col px-3 py-1.5 text-sm font-normal ${i === active ? "bg-brand-50 text-brand-900" : "text-ink"}`}
              >
                <span className="font-medium">{option.label}</span>
                {option.hint ? <span className="truncate text-xs text-muted">{option.hint}</span> : null}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
