"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, TextArea, TextInput } from "@/components/requests/new/field";
import { useTRPC } from "@/lib/trpc/react";
import { DELEGATION_REASON_MAX } from "@/server/domain/delegations/input";
import { DelegatePicker, type PickedDelegate } from "./delegate-picker";

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Name a delegate for whole days; the server checks every rule and answers with the field at fault. */
export function DelegationForm({ today, rules }: { today: string; rules: { allowed: boolean; maxDays: number; policyVersion: number } | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [delegate, setDelegate] = useState<PickedDelegate | null>(null);
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(addDays(today, 4));
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation(
    trpc.delegations.create.mutationOptions({
      onSuccess: (row) => {
        setSaved(`${row.delegate.name} now decides for you on the days you chose.`);
        setDelegate(null);
        setReason("");
        router.refresh();
      },
    }),
  );
  const fieldErrors = (create.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? {};
  const formError = create.error && Object.keys(fieldErrors).length === 0 ? create.error.message : null;
  const off = rules !== null && !rules.allowed;

  return (
    <section aria-labelledby="delegation-form-title" className="rounded-card border border-line bg-panel p-5 shadow-card">
      <h2 id="delegation-form-title" className="text-sm font-semibold text-ink">
        Plan time away
      </h2>
      <p className="mt-0.5 text-xs text-muted">
        {rules
          ? `Up to ${rules.maxDays} days at a time under policy v${rules.policyVersion}. One delegate at a time; they must not be away themselves.`
          : "Delegation follows the current policy."}
      </p>
      {off ? (
        <p role="status" className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          Delegation is switched off by policy v{rules.policyVersion}. Ask an administrator to decide your tickets while you are away.
        </p>
      ) : null}
      <form
        noValidate
        className="mt-4 flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          create.mutate({ delegateId: delegate?.id ?? "", startsOn, endsOn, reason: reason.trim() || undefined });
        }}
      >
        <DelegatePicker value={delegate} onChange={setDelegate} error={fieldErrors.delegateId} />
        {delegate ? (
          <p className="-mt-2 text-xs text-muted">
            Selected: <span className="font-medium text-ink">{delegate.name}</span>
          </p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="startsOn" label="First day away" error={fieldErrors.startsOn}>
            <TextInput id="startsOn" type="date" required min={today} value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={fieldErrors.startsOn} />
          </Field>
          <Field id="endsOn" label="Last day away" error={fieldErrors.endsOn}>
            <TextInput id="endsOn" type="date" required min={startsOn} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={fieldErrors.endsOn} />
          </Field>
        </div>
        <Field id="reason" label="Reason (optional)" hint="Shown to your delegate." error={fieldErrors.reason}>
          <TextArea id="reason" rows={2} maxLength={DELEGATION_REASON_MAX} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors.reason} hasHint />
        </Field>
        {formError ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            {formError}
          </p>
        ) : null}
        {saved ? (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">
            {saved}
          </p>
        ) : null}
        <div className="flex justify-end">
          <button
            type="submit"
            disabled={create.isPending || off}
            className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700 disabled:opacity-60"
          >
            {create.isPending ? "Saving…" : "Delegate my approvals"}
          </button>
        </div>
      </form>
      <p className="mt-3 text-xs text-muted">Days are calendar days in UTC; the delegation runs from the start of the first day to the end of the last.</p>
    </section>
  );
}
