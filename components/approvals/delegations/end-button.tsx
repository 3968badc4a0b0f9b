"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useTRPC } from "@/lib/trpc/react";
import type { DelegationView } from "./view";
import { formatPeriod } from "./view";

/** Ends a delegation after a confirmation (native <dialog>: focus is trapped and Escape closes it). */
export function EndDelegationButton({ delegation, variant = "subtle" }: { delegation: DelegationView; variant?: "subtle" | "strong" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const end = useMutation(
    trpc.delegations.end.mutationOptions({
      onSuccess: () => {
        dialog.current?.close();
        router.refresh();
      },
    }),
  );
  const upcoming = delegation.status === "upcoming";
  const titleId = `end-${delegation.id}-title`;
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className={
          variant === "strong"
            ? "inline-flex items-center rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-emerald-800 shadow-card ring-1 ring-emerald-300 hover:bg-emerald-50"
            : "inline-flex items-center rounded-lg border border-line bg-panel px-3 py-1.5 text-xs font-semibold text-red-700 shadow-card hover:bg-red-50"
        }
      >
        {upcoming ? "Cancel plan" : "End now"}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto w-full max-w-md rounded-card border border-line bg-panel p-0 shadow-card backdrop:bg-slate-900/30">
        <div className="flex flex-col gap-4 p-5">
          <div>
            <h2 id={titleId} className="text-base font-semibold text-ink">
              {upcoming ? `Cancel the delegation to ${delegation.delegate.name}?` : `End the delegation to ${delegation.delegate.name} now?`}
            </h2>
            <p className="mt-1 text-sm text-muted">
              {upcoming
                ? `${delegation.delegate.name} will not decide for you from ${formatPeriod(delegation)}.`
                : `New tickets come to you again from now on. Tickets already assigned to ${delegation.delegate.name} on your behalf stay with them.`}
            </p>
          </div>
          {end.error ? (
            <p role="alert" className="text-sm text-red-800">
              {end.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-lg px-3.5 py-2 text-sm font-medium text-ink hover:bg-surface">
              Keep it
            </button>
            <button
              type="button"
              autoFocus
              disabled={end.isPending}
              onClick={() => end.mutate({ id: delegation.id })}
              className="rounded-lg bg-red-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
            >
              {end.isPending ? "Ending…" : upcoming ? "Cancel plan" : "End now"}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
