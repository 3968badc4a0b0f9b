"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { inputClass } from "@/components/requests/new/field";
import { statusLabel } from "@/components/status-badge";
import { useTRPC } from "@/lib/trpc/react";
import type { RequestStatus } from "@/server/db/generated/enums";

export interface BulkResult {
  number: string;
  ok: boolean;
  status?: string;
  error?: string;
}

/**
 * The bar shown while rows are ticked: one comment, recorded on each decision, approves them all.
 * The comment form is a native <dialog>, so focus stays in it and Escape closes it.
 */
export function BulkApproveBar({
  selected,
  onClear,
  onDone,
}: {
  selected: readonly string[];
  onClear: () => void;
  onDone: (results: BulkResult[]) => void;
}) {
  const trpc = useTRPC();
  const dialog = useRef<HTMLDialogElement>(null);
  const [comment, setComment] = useState("");
  const approve = useMutation(
    trpc.approvals.bulkApprove.mutationOptions({
      onSuccess: ({ results }) => {
        dialog.current?.close();
        setComment("");
        onDone(results);
      },
    }),
  );
  const submit = () => {
    if (!comment.trim() || approve.isPending) return;
    approve.mutate({ numbers: [...selected], comment: comment.trim() });
  };
  if (selected.length === 0) return null;
  const noun = selected.length === 1 ? "ticket" : "tickets";
  return (
    <>
      <div
        role="region"
        aria-label="Bulk approval"
        className="sticky top-2 z-10 flex flex-wrap items-center justify-between gap-3 rounded-card border border-brand-100 bg-brand-50 px-4 py-2.5 shadow-card"
      >
        <p className="text-sm text-ink">
          <span className="font-semibold">{selected.length}</span> low-risk {noun} selected
          <span className="ml-2 hidden font-mono text-xs text-muted sm:inline">{selected.join(", ")}</span>
        </p>
        <div className="flex items-center gap-2">
          <button type="button" onClick={onClear} className="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-100">
            Clear selection
          </button>
          <button
            type="button"
            onClick={() => {
              approve.reset();
              dialog.current?.showModal();
            }}
            className="rounded-lg bg-brand-600 px-3.5 py-1.5 text-sm font-semibold text-white shadow-card hover:bg-brand-700"
          >
            Approve selected
          </button>
        </div>
      </div>
      <dialog ref={dialog} aria-labelledby="bulk-title" className="m-auto w-full max-w-md rounded-card border border-line bg-panel p-0 shadow-card backdrop:bg-slate-900/30">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          className="flex flex-col gap-4 p-5"
        >
          <div>
            <h2 id="bulk-title" className="text-base font-semibold text-ink">
              Approve {selected.length} {noun}
            </h2>
            <p className="mt-1 text-sm text-muted">Each ticket gets its own decision with this comment. Tickets that cannot be approved are reported and left as they are.</p>
          </div>
          <ul aria-label="Tickets to approve" className="flex flex-wrap gap-1.5">
            {selected.map((reference) => (
              <li key={reference} className="rounded-md bg-surface px-1.5 py-0.5 font-mono text-xs text-ink ring-1 ring-inset ring-line">
                {reference}
              </li>
            ))}
          </ul>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-ink">
            Comment (required)
            <textarea
              rows={3}
              required
              autoFocus
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              onKeyDown={(event) => {
                // Enter approves; Shift+Enter starts a new line.
                if (event.key === "Enter" && !event.shiftKey) {
                  event.preventDefault();
                  submit();
                }
              }}
              maxLength={2000}
              placeholder="Why these can be approved, e.g. standard low-risk access for the team"
              className={inputClass}
            />
            <span className="text-xs font-normal text-muted">Enter approves, Shift+Enter adds a line, Escape closes.</span>
          </label>
          {approve.error ? (
            <p role="alert" className="text-sm text-red-800">
              {approve.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-lg px-3.5 py-2 text-sm font-medium text-ink hover:bg-surface">
              Cancel
            </button>
            <button
              type="submit"
              disabled={approve.isPending || !comment.trim()}
              className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
            >
              {approve.isPending ? "Approving…" : `Approve ${selected.length} ${noun}`}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function resultStatus(status: string | undefined): string {
  if (!status) return "Approved";
  try {
    return statusLabel(status as RequestStatus);
  } catch {
    return status.toLowerCase().replaceAll("_", " ");
  }
}

/** What the last bulk approval did, ticket by ticket. */
export function BulkResults({ results, onDismiss }: { results: readonly BulkResult[]; onDismiss: () => void }) {
  const approved = results.filter((r) => r.ok).length;
  const failed = results.length - approved;
  return (
    <section
      aria-label="Bulk approval results"
      className={`rounded-card border px-4 py-3 shadow-card ${failed ? "border-amber-200 bg-amber-50/60" : "border-green-200 bg-green-50/60"}`}
    >
      <div className="flex items-start justify-between gap-3">
        <p role="status" className="text-sm font-semibold text-ink">
          {approved} approved{failed ? `, ${failed} not approved` : ""}
        </p>
        <button type="button" onClick={onDismiss} className="rounded-md px-2 py-0.5 text-xs font-medium text-muted hover:bg-panel hover:text-ink">
          Dismiss
        </button>
      </div>
      <ul aria-label="Results by ticket" className="mt-2 flex flex-col gap-1.5">
        {results.map((r) => (
          <li key={r.number} className="flex flex-wrap items-baseline gap-2 text-sm">
            <Link href={`/requests/${r.number}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
              {r.number}
            </Link>
            {r.ok ? (
              <span className="rounded-full bg-green-100 px-2 py-0.5 text-[11px] font-medium text-green-800 ring-1 ring-inset ring-green-200">Approved</span>
            ) : (
              <span className="rounded-full bg-red-100 px-2 py-0.5 text-[11px] font-medium text-red-800 ring-1 ring-inset ring-red-200">Failed</span>
            )}
            <span className="text-xs text-muted">{r.ok ? `Ticket now ${resultStatus(r.status).toLowerCase()}` : (r.error ?? "Not approved")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
