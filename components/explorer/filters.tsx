"use client";

import { useEffect, useState } from "react";
import type { TableQueryPatch } from "@/components/data-table/use-table-query";
import { EXCEPTION_LABELS, KIND_LABELS } from "@/components/requests/labels";
import type { RouterOutputs } from "@/components/requests/router-types";
import { statusLabel } from "@/components/status-badge";
import { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/enums";
import type { ExplorerSort } from "@/server/domain/explorer/filter";
import { EXPLORER_FILTER_KEYS, listOf, type ExplorerFilterKey, type ExplorerQuery } from "./query";
import { Typeahead } from "./typeahead";

export type ExplorerOptions = RouterOutputs["explorer"]["options"];
type Patch = TableQueryPatch<ExplorerSort, ExplorerFilterKey>;

const TEXT_DEBOUNCE_MS = 350;
const published = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const field = "h-9 rounded-lg border border-line bg-panel px-2.5 text-sm text-ink shadow-card disabled:opacity-50";
const labelClass = "flex flex-col gap-1 text-xs font-medium text-muted";

/** The explorer's filter bar: a search box, pickers, a date range and chips; every change lands in the URL. */
export function ExplorerFilters({
  query,
  onQueryChange,
  options,
  names,
}: {
  query: ExplorerQuery;
  onQueryChange: (patch: Patch) => void;
  options: ExplorerOptions;
  /** Names of the people and identities picked in the URL. */
  names: Map<string, string>;
}) {
  const f = query.filters;
  const set = (key: ExplorerFilterKey, value: string | undefined) => onQueryChange({ filters: { [key]: value } });
  const entitlements = f.systemId ? options.entitlements.filter((e) => e.systemId === f.systemId) : [];
  const active = EXPLORER_FILTER_KEYS.some((key) => f[key]);
  return (
    <div role="search" aria-label="Search the evidence" className="flex flex-col gap-4 rounded-card border border-line bg-panel p-4 shadow-card">
      <SearchBox value={f.q ?? ""} onChange={(value) => set("q", value || undefined)} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-5">
        <Typeahead label="Subject" source="identities" placeholder="Person or NHI" value={f.identityId} valueLabel={names.get(f.identityId ?? "")} onChange={(v) => set("identityId", v)} />
        <Typeahead label="Requester" source="people" placeholder="Who asked" value={f.requesterId} valueLabel={names.get(f.requesterId ?? "")} onChange={(v) => set("requesterId", v)} />
        <Typeahead label="Approver" source="people" placeholder="Who decided" value={f.approverId} valueLabel={names.get(f.approverId ?? "")} onChange={(v) => set("approverId", v)} />
        <label className={labelClass}>
          System
          <select value={f.systemId ?? ""} onChange={(e) => onQueryChange({ filters: { systemId: e.target.value || undefined, entitlementId: undefined } })} className={field}>
            <option value="">Any system</option>
            {options.systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Entitlement
          <select value={f.entitlementId ?? ""} disabled={!f.systemId} onChange={(e) => set("entitlementId", e.target.value || undefined)} className={field}>
            <option value="">{f.systemId ? "Any entitlement" : "Pick a system first"}</option>
            {entitlements.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Policy version
          <select value={f.policyVersion ?? ""} onChange={(e) => set("policyVersion", e.target.value || undefined)} className={field}>
            <option value="">Any version</option>
            {options.policyVersions.map((v) => (
              <option key={v.version} value={String(v.version)}>
                v{v.version} · published {published.format(new Date(v.publishedAt))}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Control
          <select value={f.control ?? ""} onChange={(e) => set("control", e.target.value || undefined)} className={field}>
            <option value="">Any control</option>
            {options.controls.map((c) => (
              <option key={c.id} value={c.id}>
                {c.framework.replace(/ \(.*\)$/, "")} {c.ref}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Created from
          <input type="date" value={f.from ?? ""} max={f.to} onChange={(e) => set("from", e.target.value || undefined)} className={field} />
        </label>
        <label className={labelClass}>
          Created to
          <input type="date" value={f.to ?? ""} min={f.from} onChange={(e) => set("to", e.target.value || undefined)} className={field} />
        </label>
        <div className="flex items-end justify-end">
          {active ? (
            <button
              type="button"
              onClick={() => onQueryChange({ filters: Object.fromEntries(EXPLORER_FILTER_KEYS.map((key) => [key, undefined])) })}
              className="h-9 rounded-lg px-3 text-sm font-medium text-brand-700 hover:bg-brand-50"
            >
              Clear all filters
            </button>
          ) : null}
        </div>
      </div>
      <div className="flex flex-col gap-2">
        <Chips label="Status" values={Object.values(RequestStatus)} labelOf={statusLabel} selected={listOf(f.status)} onChange={(v) => set("status", v)} />
        <div className="flex flex-wrap gap-x-8 gap-y-2">
          <Chips label="Kind" values={Object.values(RequestKind)} labelOf={(k) => KIND_LABELS[k]} selected={listOf(f.kind)} onChange={(v) => set("kind", v)} />
          <Chips label="Exception" values={Object.values(ExceptionType)} labelOf={(e) => EXCEPTION_LABELS[e]} selected={listOf(f.exceptionType)} onChange={(v) => set("exceptionType", v)} />
        </div>
      </div>
    </div>
  );
}

function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  // The URL is the truth: Back, "Clear all filters" or a shared link replace what was typed.
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft.trim() === value) return;
    const timer = window.setTimeout(() => onChange(draft.trim()), TEXT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-muted">
      Search
      <span className="relative">
        <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" />
          <path d="m10.5 10.5 3 3" strokeLinecap="round" />
        </svg>
        <input
          type="search"
          value={draft}
          placeholder='Words in justifications, scopes and comments ("exact phrase", -exclude), or a ticket number like AR-000123'
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") onChange(draft.trim());
          }}
          className="h-10 w-full rounded-lg border border-line bg-panel pr-3 pl-9 text-sm text-ink shadow-card placeholder:text-slate-400"
        />
      </span>
    </label>
  );
}

function Chips<T extends string>({
  label,
  values,
  labelOf,
  selected,
  onChange,
}: {
  label: string;
  values: T[];
  labelOf: (value: T) => string;
  selected: string[];
  onChange: (value: string | undefined) => void;
}) {
  const toggle = (value: T) => {
    const next = selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value];
    onChange(next.length ? values.filter((v) => next.includes(v)).join(",") : undefined);
  };
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-1.5">
      <span className="mr-1 w-16 text-xs font-medium text-muted">{label}</span>
      {values.map((value) => {
        const on = selected.includes(value);
        return (
          <button
            key={value}
            type="button"
            aria-pressed={on}
            onClick={() => toggle(value)}
            className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition ${
              on ? "bg-brand-600 text-white ring-brand-600 hover:bg-brand-700" : "bg-panel text-ink ring-line hover:bg-surface"
            }`}
          >
            {labelOf(value)}
          </button>
        );
      })}
    </div>
  );
}
