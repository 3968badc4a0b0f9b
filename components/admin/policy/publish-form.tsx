"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { publishPolicyInput } from "@/server/domain/policy-admin/inputs";
import { buttonPrimary, buttonSecondary, inputClass, labelClass } from "../styles";

/**
 * Publishing asks twice: the note says what changes (it goes into the version and the audit
 * trail), then a confirmation names the version about to be created.
 */
export function PublishForm({ nextVersion, blockedReason }: { nextVersion: number; blockedReason: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const noteId = useId();
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const publish = useMutation(
    trpc.policy.publish.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        router.refresh();
      },
    }),
  );

  if (publish.data) {
    return (
      <div role="status" className="rounded-lg border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
        Published <span className="font-semibold">v{publish.data.version}</span> <span className="font-mono text-xs">({publish.data.contentHash.slice(0, 12)})</span>. New requests are decided by it from now on.{" "}
        <Link href="/admin/policy/versions" className="font-medium underline">
          See all versions
        </Link>
      </div>
    );
  }

  function ask() {
    const parsed = publishPolicyInput.safeParse({ note });
    if (!parsed.success) {
      setNoteError(parsed.error.issues[0]?.message ?? "Add a note.");
      return;
    }
    setNoteError(null);
    setConfirming(true);
  }

  return (
    <div className="space-y-3">
      {blockedReason ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {blockedReason}
        </p>
      ) : null}
      <div>
        <label htmlFor={noteId} className={labelClass}>
          Note for this version
        </label>
        <textarea
          id={noteId}
          rows={2}
          className={`${inputClass} mt-1`}
          placeholder="What changes and why, e.g. Shorter pre-approved access to staging data."
          value={note}
          aria-invalid={noteError !== null}
          disabled={blockedReason !== null}
          onChange={(e) => {
            setNote(e.target.value);
            setConfirming(false);
          }}
        />
        {noteError ? <p className="mt-1 text-xs text-red-700">{noteError}</p> : null}
      </div>
      {publish.isError ? (
        <p role="alert" className="text-sm text-red-800">
          {publish.error.message}
        </p>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm publish" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3">
          <p className="text-sm text-amber-900">Publish this draft as v{nextVersion}? Every new request will be decided by it.</p>
          <div className="flex gap-2">
            <button type="button" className={buttonSecondary} onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className={buttonPrimary} disabled={publish.isPending} onClick={() => publish.mutate({ note })}>
              {publish.isPending ? "Publishing…" : `Confirm publish v${nextVersion}`}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className={buttonPrimary} disabled={blockedReason !== null} onClick={ask}>
          Publish…
        </button>
      )}
    </div>
  );
}
