"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Panel } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime } from "../labels";
import { inputClass } from "../new/field";
import type { TicketView } from "./ticket-view";

export function CommentsSection({ number, comments }: { number: string; comments: TicketView["comments"] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [body, setBody] = useState("");
  const comment = useMutation(
    trpc.requests.comment.mutationOptions({
      onSuccess: () => {
        setBody("");
        router.refresh();
      },
    }),
  );
  const fieldError = (comment.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors?.body;
  return (
    <Panel id="comments" title="Comments" description="Visible to the requester, the approvers and auditors.">
      <div className="flex flex-col gap-4 p-3">
        {comments.length === 0 ? (
          <p className="text-sm text-muted">No comments yet.</p>
        ) : (
          <ul aria-label="Comments" className="flex flex-col gap-3">
            {comments.map((c) => (
              <li key={c.id} className="rounded-lg bg-surface px-3 py-2 ring-1 ring-line">
                <p className="text-xs text-muted">
                  <span className="font-medium text-ink">{c.author}</span> · {formatDateTime(c.at)}
                </p>
                <p className="mt-1 whitespace-pre-line text-sm text-ink">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (body.trim()) comment.mutate({ number, body });
          }}
          className="flex flex-col gap-2"
        >
          <label htmlFor="comment-body" className="text-sm font-medium text-ink">
            Add a comment
          </label>
          <textarea id="comment-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={fieldError ? true : undefined} className={inputClass} />
          {comment.error ? (
            <p role="alert" className="text-xs font-medium text-red-700">
              {fieldError ?? comment.error.message}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={comment.isPending || !body.trim()}
            className="self-end rounded-lg border border-line bg-panel px-3.5 py-2 text-sm font-semibold text-ink shadow-card hover:bg-surface disabled:opacity-50"
          >
            {comment.isPending ? "Posting…" : "Post comment"}
          </button>
        </form>
      </div>
    </Panel>
  );
}
