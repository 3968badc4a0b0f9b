"use client";

import { useEffect, useRef } from "react";
import { isBulkApprovable } from "./bulk-approvable";
import type { InboxRow } from "./columns";

/** Which rows of the current page are ticked for bulk approval; only low-risk rows can be. */
export interface InboxSelection {
  selected: ReadonlySet<string>;
  /** References of the low-risk rows on this page. */
  selectable: readonly string[];
  toggle: (reference: string) => void;
  setAll: (checked: boolean) => void;
}

const NOT_LOW = "Only low-risk tickets can be approved in bulk. Open the ticket to review and decide it.";
const checkboxClass = "size-4 rounded border-line accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-40";

export function SelectRow({ selection, row }: { selection: InboxSelection; row: InboxRow }) {
  const enabled = isBulkApprovable(row);
  return (
    // The hint sits on the wrapper too: a disabled input does not show its own title everywhere.
    <span title={enabled ? undefined : NOT_LOW} className="inline-flex pt-0.5">
      <input
        type="checkbox"
        aria-label={`Select ${row.reference} for bulk approval`}
        aria-description={enabled ? undefined : NOT_LOW}
        title={enabled ? undefined : NOT_LOW}
        disabled={!enabled}
        checked={enabled && selection.selected.has(row.reference)}
        onChange={() => selection.toggle(row.reference)}
        className={checkboxClass}
      />
    </span>
  );
}

export function SelectAllLowRisk({ selection }: { selection: InboxSelection }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = selection.selectable.filter((reference) => selection.selected.has(reference)).length;
  const all = selection.selectable.length > 0 && count === selection.selectable.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <span title={selection.selectable.length === 0 ? "No low-risk ticket on this page" : "Select every low-risk ticket on this page"} className="inline-flex">
      <input
        ref={ref}
        type="checkbox"
        aria-label="Select all low-risk tickets on this page"
        disabled={selection.selectable.length === 0}
        checked={all}
        onChange={() => selection.setAll(!all)}
        className={checkboxClass}
      />
    </span>
  );
}
