"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/react";
import type { RequestInput } from "@/server/domain/requests/input";
import { formatDateTime, formatHours } from "../labels";
import type { RouterOutputs } from "../router-types";
import { Field, Step, TextArea, TextInput } from "./field";
import { localToIso } from "./form-state";
import { LongestAllowedButton } from "./longest-allowed-button";
import { PreviewPanel } from "./preview-panel";
import { ScopeBlock } from "./scope-diff";
import { useRequestPreview } from "./use-request-preview";

type Ticket = RouterOutputs["requests"]["get"];

/** Renewal: the same entitlement for the same subject, a fresh justification and expiry, linked to the old ticket. */
export function RenewalForm({ ticket }: { ticket: Ticket }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [justification, setJustification] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [attempted, setAttempted] = useState(false);
  const previewInput: RequestInput | null = ticket.entitlement
    ? { kind: "GRANT", entitlementId: ticket.entitlement.id, subjectId: ticket.subject.id, justification, expiresAt: localToIso(expiresAt), idempotencyKey }
    : null;
  const { preview, problems, error, pending } = useRequestPreview(previewInput);
  const renew = useMutation(trpc.requests.renew.mutationOptions({ onSuccess: (t) => router.push(`/requests/${t.reference}`) }));
  const serverErrors = (renew.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? {};
  const errors = { ...(attempted && !pending ? problems : {}), ...serverErrors };
  const cap = preview?.decision?.ttlCapHours ?? null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const iso = localToIso(expiresAt);
    if (renew.isPending || renew.isSuccess || !iso) return;
    renew.mutate({ number: ticket.number, justification, expiresAt: iso, idempotencyKey });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex flex-col gap-6">
        <Step n={1} title="The access being renewed" description={`From ${ticket.number}, which expires ${ticket.expiresAt ? formatDateTime(ticket.expiresAt) : "never"}.`}>
          <p className="text-sm text-ink">
            <span className="font-medium">{ticket.entitlement?.name ?? "Access"}</span>
            {ticket.system ? ` on ${ticket.system.name}` : ""} for <span className="font-medium">{ticket.subject.displayName}</span>
          </p>
          <ScopeBlock scope={ticket.scope} />
        </Step>
        <Step n={2} title="Why and for how long">
          <Field id="justification" label="Business justification" hint="Why the access is still needed." error={errors.justification}>
            <TextArea id="justification" rows={4} hasHint error={errors.justification} value={justification} onChange={(e) => setJustification(e.target.value)} />
          </Field>
          <Field
            id="expiresAt"
            label="New expiry (UTC)"
            error={errors.expiresAt ?? (attempted && !expiresAt ? "Choose the new expiry." : undefined)}
            hint={cap !== null ? `At most ${formatHours(cap)} from now (policy cap).` : "Required for a renewal."}
          >
            <div className="flex flex-wrap gap-2">
              <TextInput id="expiresAt" type="datetime-local" hasHint value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} className="max-w-64" />
              <LongestAllowedButton capHours={cap} onPick={setExpiresAt} />
            </div>
          </Field>
        </Step>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={renew.isPending || renew.isSuccess}
            className="rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-card hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
          >
            {renew.isPending || renew.isSuccess ? "Submitting…" : "Request renewal"}
          </button>
          {renew.error && Object.keys(serverErrors).length === 0 ? (
            <p role="alert" className="text-sm text-red-800">
              {renew.error.message}
            </p>
          ) : null}
        </div>
      </div>
      <div className="lg:sticky lg:top-6">
        <PreviewPanel preview={preview} pending={pending} error={error} incomplete={!previewInput} />
      </div>
    </form>
  );
}
