"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { RiskTier } from "@/server/db/generated/enums";
import { formatHours } from "../labels";
import { RiskBadge } from "../risk-badge";
import type { RouterOutputs } from "../router-types";
import { inputClass } from "./field";
import { RadioRow } from "./radio-row";
import { ScopeText } from "./scope-diff";
import { useDebounced } from "./use-debounced";

export type CatalogueItem = RouterOutputs["catalogue"]["search"]["items"][number];
type SystemOption = RouterOutputs["catalogue"]["systems"][number];

/**
 * Catalogue search with text, system and risk filters; results are radio rows, so the arrow
 * keys move the selection and the chosen entitlement is announced with its system and scope.
 */
export function CatalogueSearch({
  systems,
  selectedId,
  onSelect,
  error,
  systemId: lockedSystemId,
}: {
  systems: SystemOption[];
  selectedId: string;
  onSelect: (item: CatalogueItem) => void;
  error?: string;
  /** Restricts the search to one system (a MODIFY stays on the grant's system). */
  systemId?: string;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [systemId, setSystemId] = useState("");
  const [riskTier, setRiskTier] = useState("");
  const q = useDebounced(text.trim(), 250);
  const effectiveSystem = lockedSystemId ?? systemId;
  const result = useQuery({
    ...trpc.catalogue.search.queryOptions({
      q,
      systemId: effectiveSystem || undefined,
      riskTier: (riskTier || undefined) as RiskTier | undefined,
      page: 1,
      pageSize: 12,
    }),
    placeholderData: keepPreviousData,
  });
  const items = result.data?.items ?? [];
  return (
    <div className="flex flex-col gap-3">
      <div role="search" aria-label="Catalogue" className="grid gap-2 sm:grid-cols-[1fr_12rem_9rem]">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Search the catalogue
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Entitlement, system or scope" className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          System
          <select value={effectiveSystem} disabled={!!lockedSystemId} onChange={(e) => setSystemId(e.target.value)} className={inputClass}>
            <option value="">All systems</option>
            {systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Risk
          <select value={riskTier} onChange={(e) => setRiskTier(e.target.value)} className={inputClass}>
            <option value="">Any risk</option>
            {Object.values(RiskTier).map((tier) => (
              <option key={tier} value={tier}>
                {tier.charAt(0) + tier.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset aria-describedby={error ? "entitlementId-error" : undefined} className="min-w-0">
        <legend className="sr-only">Entitlement</legend>
        <div className={`flex max-h-96 flex-col divide-y divide-line/70 overflow-y-auto rounded-lg border ${error ? "border-red-400" : "border-line"} ${result.isFetching ? "opacity-70" : ""}`}>
          {items.length === 0 ? (
            <p role="status" className="px-3 py-6 text-center text-sm text-muted">
              {result.isPending ? "Searching…" : "Nothing in the catalogue matches."}
            </p>
          ) : (
            items.map((item) => (
              <RadioRow key={item.id} name="entitlementId" value={item.id} checked={selectedId === item.id} onSelect={() => onSelect(item)} label={`${item.name} on ${item.system.name}`}>
                <span className="min-w-0 flex-1">
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="text-sm font-medium text-ink">{item.name}</span>
                    <span className="text-xs text-muted">
                      {item.system.name} · {item.system.environment.toLowerCase()}
                    </span>
                  </span>
                  <span className="mt-0.5 block truncate text-xs text-muted">
                    <ScopeText scope={item.scope} />
                  </span>
                </span>
                <span className="flex shrink-0 flex-col items-end gap-1">
                  <RiskBadge tier={item.riskTier} />
                  <span className="text-[11px] text-muted">{item.maxTtlHours ? `max ${formatHours(item.maxTtlHours)}` : "no TTL cap"}</span>
                </span>
              </RadioRow>
            ))
          )}
        </div>
      </fieldset>
      {error ? (
        <p id="entitlementId-error" role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
      {result.data && result.data.total > items.length ? (
        <p className="text-xs text-muted">
          Showing {items.length} of {result.data.total}; narrow the search to see the rest.
        </p>
      ) : null}
    </div>
  );
}
