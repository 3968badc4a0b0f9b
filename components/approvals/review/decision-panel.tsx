"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { formatDateTime } from "@/components/requests/labels";
import { Field, TextArea, TextInput } from "@/components/requests/new/field";
import type { RouterOutputs } from "@/components/requests/router-types";
import { useTRPC } from "@/lib/trpc/react";
import { describeChanges, localToIso, maxLocal, narrowedScope, narrowingBase, validateDraft, type Outcome } from "./decision-form";
import { NarrowFields } from "./narrow-fields";
import type { Review } from "./types";

export type DecideResult = RouterOutputs["approvals"]["decide"];

const CHOICES: { value: Outcome; label: string; hint: string }[] = [
  { value: "APPROVE", label: "Approve", hint: "Optionally narrow the scope or shorten the expiry." },
  { value: "DENY", label: "Deny", hint: "Ends the ticket; the requester sees your reason." },
  { value: "REQUEST_INFO", label: "Ask for more information", hint: "Sends the ticket back with your question; it returns to this stage." },
];

/** A follow-up review of break-glass access decides whether access already granted stays. */
const FOLLOW_UP_HINTS: Partial<Record<Outcome, string>> = {
  APPROVE: "Confirms the emergency use; nothing more is granted.",
  DENY: "Removes the emergency access from the target at once.",
};

const SUBMIT: Record<Outcome, { idle: string; busy: string; tone: string }> = {
  APPROVE: { idle: "Approve", busy: "Approving…", tone: "bg-emerald-600 hover:bg-emerald-700" },
  DENY: { idle: "Deny request", busy: "Denying…", tone: "bg-rose-600 hover:bg-rose-700" },
  REQUEST_INFO: { idle: "Send question", busy: "Sending…", tone: "bg-brand-600 hover:bg-brand-700" },
};

/** The decision form: approve (narrowing optional), deny with a reason, or ask the requester a question. */
export function DecisionPanel({ review, onDecided }: { review: Review; onDecided: (outcome: Outcome, result: DecideResult, summary: string[]) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { ticket, canDecide } = review;
  const { base, fields } = useMemo(() => narrowingBase(ticket), [ticket]);
  const [outcome, setOutcome] = useState<Outcome>(canDecide.approveRefusal ? "DENY" : "APPROVE");
  const [comment, setComment] = useState("");
  const [narrow, setNarrow] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [expiry, setExpiry] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const narrowing = narrowedScope(base, narrow);
  const summary = [
    ...(narrowing.scope ? describeChanges(narrowing.changes).map((line) => `Narrowed: ${line}`) : []),
    ...(expiry && localToIso(expiry) ? [`Shortened: ends ${formatDateTime(localToIso(expiry)!)}${ticket.expiresAt ? ` instead of ${formatDateTime(ticket.expiresAt)}` : ""}`] : []),
  ];
  const decide = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSuccess: (result) => {
        onDecided(outcome, result, outcome === "APPROVE" ? summary : []);
        router.refresh();
      },
    }),
  );
  const serverErrors = (decide.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? {};
  const errors: Record<string, string> = { ...clientErrors, ...serverErrors };
  const general = decide.error && !serverErrors.comment && !serverErrors.scope && !serverErrors.expiresAt ? (serverErrors.number ?? decide.error.message) : null;
  const commentLabel = outcome === "DENY" ? "Reason (required)" : outcome === "REQUEST_INFO" ? "Question for the requester (required)" : "Comment (optional)";

  function choose(next: Outcome) {
    setOutcome(next);
    setClientErrors({});
    decide.reset();
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const found = validateDraft({ outcome, comment, narrow, expiry }, fields, ticket.expiresAt);
    setClientErrors(found);
    if (Object.keys(found).length > 0) {
      // Focus the first field that needs attention, as the error beside it is announced.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>("[aria-invalid='true'], #decision-scope")?.focus());
      return;
    }
    decide.mutate({
      number: ticket.number,
      outcome,
      comment: comment.trim() || undefined,
      ...(outcome === "APPROVE" && narrowing.scope ? { scope: narrowing.scope } : {}),
      ...(outcome === "APPROVE" && expiry ? { expiresAt: localToIso(expiry) } : {}),
    });
  }

  return (
    <form ref={form} onSubmit={submit} noValidate aria-label="Decision" className="flex flex-col gap-4 p-4">
      {canDecide.onBehalfOf ? (
        <p className="rounded-lg bg-sky-50 px-3 py-2 text-xs text-sky-900 ring-1 ring-sky-200">
          You decide on behalf of <span className="font-semibold">{canDecide.onBehalfOf.name}</span>; the decision records both names.
        </p>
      ) : null}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-ink">Your decision</legend>
        {CHOICES.map((c) => {
          const disabled = c.value === "APPROVE" && Boolean(canDecide.approveRefusal);
          return (
            <label
              key={c.value}
              className={`flex cursor-pointer gap-2.5 rounded-lg border px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/60 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${disabled ? "cursor-not-allowed opacity-60" : "border-line"}`}
            >
              <input type="radio" name="outcome" value={c.value} checked={outcome === c.value} disabled={disabled} onChange={() => choose(c.value)} className="mt-0.5 size-4 accent-brand-600" />
              <span>
                <span className="block font-medium text-ink">{c.label}</span>
                <span className="block text-xs text-muted">{disabled ? canDecide.approveRefusal : ticket.kind === "REVIEW" ? (FOLLOW_UP_HINTS[c.value] ?? c.hint) : c.hint}</span>
              </span>
            </label>
          );
        })}
      </fieldset>

      {outcome === "APPROVE" && (fields.length > 0 || (ticket.kind !== "REVOKE" && ticket.kind !== "REVIEW")) ? (
        <details className="group rounded-lg border border-line" open={Boolean(errors.scope || errors.expiresAt) || undefined}>
          <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-ink marker:hidden">
            <span className="mr-1 inline-block transition-transform group-open:rotate-90" aria-hidden="true">
              ›
            </span>
            Narrow the scope or shorten the expiry
          </summary>
          <div className="flex flex-col gap-4 border-t border-line px-3 py-3">
            {fields.length > 0 ? (
              <div className="flex flex-col gap-1.5">
                <NarrowFields fields={fields} values={narrow} error={errors.scope} onChange={(path, value) => setNarrow((m) => new Map(m).set(path, value))} />
                {errors.scope ? (
                  <p id="decision-scope-error" role="alert" className="text-xs font-medium text-red-700">
                    {errors.scope}
                  </p>
                ) : null}
              </div>
            ) : null}
            {ticket.kind !== "REVOKE" ? (
              <Field
                id="decision-expiresAt"
                label="New expiry (UTC)"
                hint={ticket.expiresAt ? `On or before ${formatDateTime(ticket.expiresAt)}.` : "The request has no end date; set one to make it temporary."}
                error={errors.expiresAt}
              >
                <TextInput id="decision-expiresAt" type="datetime-local" hasHint error={errors.expiresAt} max={maxLocal(ticket.expiresAt)} value={expiry} onChange={(e) => setExpiry(e.target.value)} />
              </Field>
            ) : null}
          </div>
        </details>
      ) : null}

      {outcome === "APPROVE" && summary.length > 0 ? (
        <ul aria-label="Changes to the request" className="flex flex-col gap-1 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200">
          {summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}

      <Field id="decision-comment" label={commentLabel} error={errors.comment}>
        <TextArea id="decision-comment" rows={4} error={errors.comment} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={4000} />
      </Field>

      {general ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {general}
        </p>
      ) : null}

      <button type="submit" disabled={decide.isPending} aria-busy={decide.isPending} className={`rounded-lg px-4 py-2.5 text-sm font-semibold text-white shadow-card disabled:opacity-60 ${SUBMIT[outcome].tone}`}>
        {decide.isPending ? SUBMIT[outcome].busy : SUBMIT[outcome].idle}
      </button>
    </form>
  );
}
