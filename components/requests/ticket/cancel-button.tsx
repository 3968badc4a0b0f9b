"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { inputClass } from "../new/field";

/** Cancel with a confirmation dialog (native <dialog>: focus is trapped and Escape closes it). */
export function CancelButton({ number }: { number: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const cancel = useMutation(
    trpc.requests.cancel.mutationOptions({
      onSuccess: () => {
        dialog.current?.close();
        router.refresh();
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="inline-flex items-center rounded-lg border border-line bg-panel px-3.5 py-2 text-sm font-semibold text-red-700 shadow-card hover:bg-red-50"
      >
        Cancel request
      </button>
      <dialog ref={dialog} aria-labelledby="cancel-title" className="m-auto w-full max-w-md rounded-card border border-line bg-panel p-0 shadow-card backdrop:bg-slate-900/30">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            cancel.mutate({ number, reason: reason.trim() || undefined });
          }}
          className="flex flex-col gap-4 p-5"
        >
          <div>
            <h2 id="cancel-title" className="text-base font-semibold text-ink">
              Cancel {number}?
            </h2>
            <p className="mt-1 text-sm text-muted">Nothing will be granted: approvers stop seeing it, and anything prepared for it is withdrawn and checked on the target. This cannot be undone; file a new request if you need the access later.</p>
          </div>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-ink">
            Reason (optional)
            <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} />
          </label>
          {cancel.error ? (
            <p role="alert" className="text-sm text-red-800">
              {cancel.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-lg px-3.5 py-2 text-sm font-medium text-ink hover:bg-surface">
              Keep it
            </button>
            <button
              type="submit"
              disabled={cancel.isPending}
              className="rounded-lg bg-red-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
            >
              {cancel.isPending ? "Cancelling…" : "Cancel request"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
