"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc/react";

/** Lets an auditor walk the whole chain now instead of trusting the home page's cached check. */
export function VerifyChainButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const verify = useMutation(
    trpc.audit.verifyChain.mutationOptions({
      // The server keeps the fresh result, so re-rendering the page shows it in the card too.
      onSuccess: () => router.refresh(),
    }),
  );
  const result = verify.data;
  return (
    <div className="flex flex-col items-start gap-1.5">
      <button
        type="button"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        className="inline-flex items-center gap-1.5 rounded-md border border-line bg-panel px-2.5 py-1 text-xs font-medium text-ink transition hover:bg-slate-50 disabled:cursor-wait disabled:opacity-60"
      >
        <svg viewBox="0 0 20 20" className={`size-3.5 ${verify.isPending ? "animate-spin" : ""}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
          <path d="M16 10a6 6 0 1 1-1.8-4.3M16 4v3.5h-3.5" />
        </svg>
        {verify.isPending ? "Verifying…" : "Verify now"}
      </button>
      <p role="status" className="text-xs">
        {verify.isError ? <span className="text-red-800">{verify.error.message}</span> : null}
        {result ? (
          <span className={result.ok ? "text-green-800" : "text-red-800"}>
            {result.ok
              ? `Checked ${result.checked.toLocaleString("en")} events: the chain is intact.`
              : `Checked ${result.checked.toLocaleString("en")} events: broken at seq ${result.brokenAt?.seq ?? "?"}.`}
          </span>
        ) : null}
      </p>
    </div>
  );
}
