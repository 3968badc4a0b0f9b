"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc/react";

/** Writes a pre-approved pattern for the entitlement into the admin's policy draft; nothing is published. */
export function DraftPatternButton({ entitlementId, refName }: { entitlementId: string; refName: string }) {
  const trpc = useTRPC();
  const draft = useMutation(trpc.gaps.draftPattern.mutationOptions());
  if (draft.isSuccess) {
    return (
      <p role="status" className="mt-2 text-xs text-green-800">
        Pattern <span className="font-mono">{draft.data.patternId}</span> is in your{" "}
        <Link href="/admin/policy" className="font-medium text-brand-700 hover:underline">
          policy draft
        </Link>{" "}
        for review.
      </p>
    );
  }
  return (
    <div className="mt-2 flex flex-col gap-1">
      <button
        type="button"
        onClick={() => draft.mutate({ entitlementId })}
        disabled={draft.isPending}
        aria-label={`Draft a pre-approved pattern for ${refName}`}
        className="self-start rounded-md border border-line bg-panel px-2.5 py-1 text-xs font-medium text-ink shadow-sm hover:bg-surface focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:opacity-60"
      >
        {draft.isPending ? "Drafting…" : "Draft a pre-approved pattern"}
      </button>
      {draft.error ? (
        <p role="alert" className="text-xs font-medium text-red-700">
          {draft.error.message}
        </p>
      ) : null}
    </div>
  );
}
