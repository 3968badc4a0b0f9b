"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { inputClass } from "@/components/requests/new/field";
import { RadioRow } from "@/components/requests/new/radio-row";
import { useDebounced } from "@/components/requests/new/use-debounced";
import { Avatar } from "@/components/ui/avatar";
import { useTRPC } from "@/lib/trpc/react";

export interface PickedDelegate {
  id: string;
  name: string;
}

/**
 * Search for a colleague who may approve; results are radio rows, so the arrow keys move the
 * choice and the chosen person is announced with their role and team.
 */
export function DelegatePicker({ value, onChange, error }: { value: PickedDelegate | null; onChange: (d: PickedDelegate) => void; error?: string }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 250);
  const result = useQuery({ ...trpc.delegations.candidates.queryOptions({ q: q || undefined }), placeholderData: keepPreviousData });
  const people = result.data ?? [];
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={error ? "delegateId-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-ink">Delegate</legend>
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        Search approvers
        <input
          id="delegateId"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Name, e-mail or team"
          aria-invalid={error ? true : undefined}
          className={inputClass}
        />
      </label>
      <div className="max-h-64 overflow-y-auto rounded-lg border border-line" aria-busy={result.isFetching}>
        {result.isPending ? (
          <p className="px-3 py-4 text-sm text-muted">Loading approvers…</p>
        ) : people.length === 0 ? (
          <p className="px-3 py-4 text-sm text-muted">No active approver matches “{text}”.</p>
        ) : (
          <div role="radiogroup" aria-label="Approvers" className="divide-y divide-line">
            {people.map((p) => (
              <RadioRow key={p.id} name="delegate" value={p.id} checked={value?.id === p.id} onSelect={() => onChange({ id: p.id, name: p.name })} label={`${p.name}, ${p.title ?? "Approver"}, ${p.department}`}>
                <span className="flex min-w-0 flex-1 items-center gap-3">
                  <Avatar name={p.name} roles={["APPROVER"]} className="size-8 text-xs" />
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium text-ink">{p.name}</span>
                    <span className="block truncate text-xs text-muted">
                      {p.title ?? "Approver"} · {p.department} · {p.email}
                    </span>
                  </span>
                </span>
              </RadioRow>
            ))}
          </div>
        )}
      </div>
      {error ? (
        <p id="delegateId-error" role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
