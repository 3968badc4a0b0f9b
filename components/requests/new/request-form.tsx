"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/react";
import type { PersonOption, RequestableSubject } from "@/server/domain/identities/requestable";
import { formatHours } from "../labels";
import type { RouterOutputs } from "../router-types";
import { ActiveGrants, type ActiveGrant } from "./active-grants";
import { CatalogueSearch, type CatalogueItem } from "./catalogue-search";
import { EmergencyFields, NewNhiFields, VendorFields } from "./exception-fields";
import { Field, Step, TextArea, TextInput } from "./field";
import { initialFormState, toRequestInput, usesCatalogue, usesGrant, type RequestFormState } from "./form-state";
import { KindPicker } from "./kind-picker";
import { LongestAllowedButton } from "./longest-allowed-button";
import { PreviewPanel } from "./preview-panel";
import { ScopeBlock, ScopeDiff } from "./scope-diff";
import { SubjectPicker } from "./subject-picker";
import { useRequestPreview } from "./use-request-preview";

export interface RequestFormProps {
  /** The signed-in user's account id: the default owner of a new NHI. */
  userId: string;
  subjects: RequestableSubject[];
  people: PersonOption[];
  systems: RouterOutputs["catalogue"]["systems"];
  /** A change of one grant, opened from the ticket or identity page. */
  prefill?: Partial<RequestFormState>;
}

const JUSTIFICATION_HINT = "Say what you will do with the access and why now. The policy sets a minimum length and refuses filler such as “need access” or “asap”.";

export function RequestForm({ userId, subjects, people, systems, prefill }: RequestFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const selfId = subjects.find((s) => s.relation === "self")?.id ?? "";
  const [state, setState] = useState<RequestFormState>(() => initialFormState(selfId, userId, prefill));
  // One key per form: a double click or a retried call files one ticket.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [entitlement, setEntitlement] = useState<CatalogueItem | null>(null);
  const [grant, setGrant] = useState<ActiveGrant | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);

  const touch = (field: string) => setTouched((t) => new Set(t).add(field));

  const input = toRequestInput(state, idempotencyKey);
  const { preview, problems, error: previewError, pending } = useRequestPreview(input);
  const submit = useMutation(
    trpc.requests.submit.mutationOptions({
      onSuccess: (ticket) => router.push(`/requests/${ticket.reference}`),
    }),
  );
  // A refusal speaks about the form as it was sent: the first edit after it clears it.
  const patch = (p: Partial<RequestFormState>) => {
    setState((s) => ({ ...s, ...p }));
    if (submit.isError) submit.reset();
  };
  const submitErrors = (submit.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? {};
  // Live problems show once a field was left or a submit was tried; the server's refusal always shows.
  const errors: Record<string, string> = {};
  // A preview still catching up with the latest edit would blame fields already fixed.
  if (!pending) {
    for (const [field, message] of Object.entries(problems)) {
      if (attempted || touched.has(field.split(".")[0] ?? field)) errors[field] = message;
    }
  }
  Object.assign(errors, submitErrors);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!input || submit.isPending || submit.isSuccess) return;
    submit.mutate(input);
  };

  const cap = preview?.decision?.ttlCapHours ?? null;
  const registering = state.kind === "EXCEPTION" && state.exceptionType === "AUTOMATION" && state.subjectMode === "new-nhi";
  let step = 0;
  return (
    <form onSubmit={onSubmit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex flex-col gap-6">
        <Step n={++step} title="What kind of request">
          <KindPicker
            kind={state.kind}
            exceptionType={state.exceptionType}
            onKind={(kind) => {
              patch({ kind, grantId: "", subjectMode: state.subjectMode === "new-nhi" ? "self" : state.subjectMode, subjectId: state.subjectMode === "new-nhi" ? selfId : state.subjectId });
              setGrant(null);
            }}
            onExceptionType={(exceptionType) => patch({ exceptionType, ...(exceptionType !== "AUTOMATION" && state.subjectMode === "new-nhi" ? { subjectMode: "self", subjectId: selfId } : {}) })}
          />
        </Step>

        <Step n={++step} title="Who it is for">
          <SubjectPicker
            subjects={subjects}
            mode={state.subjectMode}
            subjectId={state.subjectId}
            allowNewNhi={state.kind === "EXCEPTION" && state.exceptionType === "AUTOMATION"}
            error={errors.subjectId}
            onChange={(subjectMode, subjectId) => {
              patch({ subjectMode, subjectId, grantId: "" });
              setGrant(null);
            }}
          />
          {registering ? <NewNhiFields state={state} errors={errors} people={people} onChange={patch} /> : null}
        </Step>

        {usesGrant(state.kind) ? (
          <Step n={++step} title={state.kind === "ROTATE" ? "Which secret or certificate" : "Which access"} description="The subject's active grants.">
            <ActiveGrants
              subjectId={state.subjectId}
              selectedId={state.grantId}
              selected={grant}
              error={errors.grantId}
              only={state.kind === "ROTATE" ? (g) => g.type !== "ENTITLEMENT" || g.credential !== null : undefined}
              onSelect={(g) => {
                setGrant(g);
                patch({ grantId: g.id, entitlementId: "", newScopeText: JSON.stringify(g.scope ?? {}, null, 2) });
              }}
            />
            {state.kind === "MODIFY" && grant ? (
              <>
                <ModifyScope state={state} grant={grant} errors={errors} onChange={patch} />
                {grant.entitlement ? (
                  <details className="rounded-lg border border-line px-3 py-2">
                    <summary className="cursor-pointer text-sm font-medium text-ink">Or move to another entitlement of {grant.entitlement.system.name}</summary>
                    <div className="mt-3">
                      <CatalogueSearch
                        systems={systems}
                        systemId={grant.entitlement.system.id}
                        selectedId={state.entitlementId}
                        error={errors.entitlementId}
                        onSelect={(item) => patch({ entitlementId: item.id, newScopeText: JSON.stringify(item.scope ?? {}, null, 2) })}
                      />
                    </div>
                  </details>
                ) : null}
              </>
            ) : null}
          </Step>
        ) : null}

        {usesCatalogue(state.kind) ? (
          <Step n={++step} title="What access" description="Search the catalogue: each row shows the system, scope, risk tier and longest allowed duration.">
            <CatalogueSearch
              systems={systems}
              selectedId={state.entitlementId}
              error={errors.entitlementId}
              onSelect={(item) => {
                setEntitlement(item);
                patch({ entitlementId: item.id });
              }}
            />
            {entitlement ? (
              <div>
                <p className="mb-1 text-xs font-medium text-muted">Exact scope requested</p>
                <ScopeBlock scope={entitlement.scope} />
              </div>
            ) : null}
          </Step>
        ) : null}

        {state.kind === "EXCEPTION" && state.exceptionType !== "AUTOMATION" ? (
          <Step n={++step} title={state.exceptionType === "EMERGENCY" ? "Incident" : "Vendor session"}>
            {state.exceptionType === "EMERGENCY" ? (
              <EmergencyFields state={state} errors={errors} onChange={patch} />
            ) : (
              <VendorFields state={state} errors={errors} people={people} onChange={patch} />
            )}
          </Step>
        ) : null}

        <Step n={++step} title="Why and for how long">
          <Field id="justification" label="Business justification" hint={JUSTIFICATION_HINT} error={errors.justification}>
            <TextArea
              id="justification"
              rows={4}
              hasHint
              error={errors.justification}
              value={state.justification}
              onChange={(e) => patch({ justification: e.target.value })}
              onBlur={() => touch("justification")}
            />
          </Field>
          {state.kind !== "REVOKE" && state.kind !== "ROTATE" ? (
            <Field
              id="expiresAt"
              label="Expires (UTC)"
              error={errors.expiresAt}
              hint={
                cap !== null
                  ? `At most ${formatHours(cap)} from now (policy cap)${preview?.decision?.expiryRequired ? "; required" : ""}.`
                  : preview?.decision?.expiryRequired
                    ? "Required for this access."
                    : "Leave empty for access without an end date, where the policy allows it."
              }
            >
              <div className="flex flex-wrap gap-2">
                <TextInput
                  id="expiresAt"
                  type="datetime-local"
                  hasHint
                  error={errors.expiresAt}
                  value={state.expiresAt}
                  onChange={(e) => patch({ expiresAt: e.target.value })}
                  onBlur={() => touch("expiresAt")}
                  className="max-w-64"
                />
                <LongestAllowedButton capHours={cap} onPick={(expiresAt) => patch({ expiresAt })} />
              </div>
            </Field>
          ) : null}
        </Step>

        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={submit.isPending || submit.isSuccess}
            className="inline-flex items-center gap-2 rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-card hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
          >
            {submit.isPending || submit.isSuccess ? "Submitting…" : "Submit request"}
          </button>
          <p role="status" className="text-sm">
            {submit.error && Object.keys(submitErrors).length === 0 ? <span className="text-red-800">{submit.error.message}</span> : null}
            {submit.error && Object.keys(submitErrors).length > 0 ? <span className="text-red-800">Nothing was filed: fix the fields marked in red.</span> : null}
            {attempted && !input ? <span className="text-red-800">Choose who the access is for and what access first.</span> : null}
          </p>
        </div>
      </div>
      <div className="lg:sticky lg:top-6">
        <PreviewPanel preview={preview} pending={pending} error={previewError} incomplete={!input} />
      </div>
    </form>
  );
}

function ModifyScope({ state, grant, errors, onChange }: { state: RequestFormState; grant: ActiveGrant; errors: Record<string, string>; onChange: (p: Partial<RequestFormState>) => void }) {
  let after: unknown = grant.scope;
  try {
    after = JSON.parse(state.newScopeText);
  } catch {
    // While the JSON is half typed, the diff keeps showing the last scope that parsed.
  }
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field id="newScope" label="New scope (JSON)" hint="Edit the scope; the change is shown beside it." error={errors.newScope}>
        <TextArea id="newScope" rows={6} hasHint error={errors.newScope} className="font-mono text-xs" value={state.newScopeText} onChange={(e) => onChange({ newScopeText: e.target.value })} />
      </Field>
      <div>
        <p className="mb-1.5 text-sm font-medium text-ink">Change</p>
        <ScopeDiff before={grant.scope} after={after} />
      </div>
    </div>
  );
}
