"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { saveEntitlementInput, type SaveEntitlementInput } from "@/server/domain/catalogue-admin/inputs";
import { CheckboxField, NumberField, SelectField, TextField } from "../policy/fields";
import type { DraftIssue } from "../policy/issues";
import { CatalogueForm, useAfterCatalogueSave } from "./catalogue-form";
import { inputIssues } from "./form-errors";
import { JsonObjectField } from "./json-field";
import { RISK_TIER_OPTIONS } from "./options";

export interface EntitlementFormValue {
  id?: string;
  systemId: string;
  key: string;
  name: string;
  description: string | null;
  scope: Record<string, unknown>;
  riskTier: SaveEntitlementInput["riskTier"];
  privileged: boolean;
  maxTtlHours: number | null;
  requestable: boolean;
}

export const NEW_ENTITLEMENT: EntitlementFormValue = {
  systemId: "",
  key: "",
  name: "",
  description: null,
  scope: {},
  riskTier: "MEDIUM",
  privileged: false,
  maxTtlHours: null,
  requestable: true,
};

export function EntitlementForm({ initial, onDone }: { initial: EntitlementFormValue; onDone: () => void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(initial);
  const [scope, setScope] = useState<Record<string, unknown> | null>(initial.scope);
  const [localIssues, setLocalIssues] = useState<DraftIssue[]>([]);
  const systems = useQuery(trpc.catalogueAdmin.systems.queryOptions({ pageSize: 100, sort: "key" }));
  const afterSave = useAfterCatalogueSave(onDone);
  const save = useMutation(trpc.catalogueAdmin.saveEntitlement.mutationOptions({ onSuccess: afterSave }));
  const set = (patch: Partial<EntitlementFormValue>) => setValue((v) => ({ ...v, ...patch }));

  function submit() {
    const input: SaveEntitlementInput = { ...value, scope: scope ?? {} };
    const issues = inputIssues(saveEntitlementInput, input, { scope });
    setLocalIssues(issues);
    if (issues.length === 0) save.mutate(input);
  }

  const systemOptions = (systems.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.key})` }));
  return (
    <CatalogueForm
      label={value.id ? `Edit entitlement ${value.key}` : "New entitlement"}
      localIssues={localIssues}
      error={save.error}
      saving={save.isPending}
      submitLabel={value.id ? "Save entitlement" : "Create entitlement"}
      onSubmit={submit}
      onCancel={onDone}
    >
      <SelectField label="System" path="systemId" value={value.systemId} options={systemOptions} onChange={(systemId) => !value.id && set({ systemId })} hint={value.id ? "An entitlement stays on its system." : undefined} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Key" path="key" hint={value.id ? "Policies refer to it; it cannot change." : "Lowercase, e.g. orders_read"} value={value.key} onChange={(key) => !value.id && set({ key })} />
        <TextField label="Name" path="name" value={value.name} onChange={(name) => set({ name })} />
      </div>
      <TextField label="Description" path="description" value={value.description ?? ""} onChange={(description) => set({ description })} />
      <JsonObjectField
        label="Exact scope (JSON)"
        path="scope"
        value={initial.scope}
        onChange={setScope}
        rows={7}
        hint={'What the connector grants, exactly, e.g. {"role": "orders_read", "privileges": ["SELECT"]}. Pre-approved patterns read scope.privileges.'}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Risk tier" path="riskTier" value={value.riskTier} options={RISK_TIER_OPTIONS} onChange={(riskTier) => set({ riskTier })} />
        <NumberField label="Max TTL hours" path="maxTtlHours" min={1} hint="Empty: only the policy's caps apply" value={value.maxTtlHours} onChange={(maxTtlHours) => set({ maxTtlHours })} />
      </div>
      <div className="flex flex-wrap gap-6">
        <CheckboxField label="Privileged" path="privileged" checked={value.privileged} onChange={(privileged) => set({ privileged })} />
        <CheckboxField label="Requestable" path="requestable" checked={value.requestable} onChange={(requestable) => set({ requestable })} />
      </div>
    </CatalogueForm>
  );
}
