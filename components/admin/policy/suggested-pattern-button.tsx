"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc/react";
import { buttonSecondary } from "../styles";

/**
 * Writes a pre-approved pattern for the entitlement into the saved policy draft; nothing is
 * published. The page refreshes: an editor without unsaved edits shows the pattern at once, and
 * one with edits says the draft changed (its save is refused rather than dropping the pattern).
 */
export function SuggestedPatternButton({ entitlementId, refName, inDraft }: { entitlementId: string; refName: string; inDraft: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const draft = useMutation(trpc.gaps.draftPattern.mutationOptions({ onSuccess: () => router.refresh() }));
  if (draft.isSuccess) {
    return (
      <div role="status" className="flex flex-col items-end gap-1 text-right text-xs text-green-800">
        <span>
          <span className="font-mono">{draft.data.patternId}</span> is in the saved draft, under Pre-approved patterns below.
        </span>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => draft.mutate({ entitlementId })}
        disabled={draft.isPending}
        aria-label={`${inDraft ? "Draft again" : "Draft"} a pre-approved pattern for ${refName}`}
        className={`${buttonSecondary} whitespace-nowrap px-2.5 py-1.5 text-xs`}
      >
        {draft.isPending ? "Drafting…" : inDraft ? "Draft again" : "Draft pattern"}
      </button>
      {draft.error ? (
        <p role="alert" className="max-w-xs text-right text-xs font-medium text-red-700">
          {draft.error.message}
        </p>
      ) : null}
    </div>
  );
}
