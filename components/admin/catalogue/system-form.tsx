"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { saveSystemInput, type SaveSystemInput } from "@/server/domain/catalogue-admin/inputs";
import { SelectField, TextField } from "../policy/fields";
import type { DraftIssue } from "../policy/issues";
import { CatalogueForm, useAfterCatalogueSave } from "./catalogue-form";
import { inputIssues } from "./form-errors";
import { JsonObjectField } from "./json-field";
import { CONNECTOR_OPTIONS, ENVIRONMENT_OPTIONS, RISK_TIER_OPTIONS } from "./options";

export interface SystemFormValue {
  id?: string;
  key: string;
  name: string;
  description: string | null;
  connectorType: SaveSystemInput["connectorType"];
  connectorConfig: Record<string, unknown>;
  owner: { id: string; name: string } | null;
  riskTier: SaveSystemInput["riskTier"];
  environment: SaveSystemInput["environment"];
}

export const NEW_SYSTEM: SystemFormValue = {
  key: "",
  name: "",
  description: null,
  connectorType: "MANUAL",
  connectorConfig: {},
  owner: null,
  riskTier: "MEDIUM",
  environment: "PRODUCTION",
};

export function SystemForm({ initial, onDone }: { initial: SystemFormValue; onDone: () => void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(initial);
  const [config, setConfig] = useState<Record<string, unknown> | null>(initial.connectorConfig);
  const [ownerQuery, setOwnerQuery] = useState("");
  const [localIssues, setLocalIssues] = useState<DraftIssue[]>([]);
  const owners = useQuery(trpc.catalogueAdmin.owners.queryOptions({ q: ownerQuery || undefined }));
  const afterSave = useAfterCatalogueSave(onDone);
  const save = useMutation(trpc.catalogueAdmin.saveSystem.mutationOptions({ onSuccess: afterSave }));
  const set = (patch: Partial<SystemFormValue>) => setValue((v) => ({ ...v, ...patch }));

  function submit() {
    const input: SaveSystemInput = {
      id: value.id,
      key: value.key,
      name: value.name,
      description: value.description,
      connectorType: value.connectorType,
      connectorConfig: config ?? {},
      ownerId: value.owner?.id ?? "",
      riskTier: value.riskTier,
      environment: value.environment,
    };
    const issues = inputIssues(saveSystemInput, input, { connectorConfig: config });
    setLocalIssues(issues);
    if (issues.length === 0) save.mutate(input);
  }

  const ownerOptions = [
    ...(value.owner && !owners.data?.some((o) => o.id === value.owner?.id) ? [{ value: value.owner.id, label: value.owner.name }] : []),
    ...(owners.data ?? []).map((o) => ({ value: o.id, label: `${o.name} · ${o.department}` })),
  ];

  return (
    <CatalogueForm
      label={value.id ? `Edit system ${value.key}` : "New system"}
      localIssues={localIssues}
      error={save.error}
      saving={save.isPending}
      submitLabel={value.id ? "Save system" : "Create system"}
      onSubmit={submit}
      onCancel={onDone}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Key" path="key" hint={value.id ? "Policies refer to it; it cannot change." : "Lowercase, e.g. payments-db"} value={value.key} onChange={(key) => !value.id && set({ key })} />
        <TextField label="Name" path="name" value={value.name} onChange={(name) => set({ name })} />
      </div>
      <TextField label="Description" path="description" value={value.description ?? ""} onChange={(description) => set({ description })} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField label="Connector" path="connectorType" value={value.connectorType} options={CONNECTOR_OPTIONS} onChange={(connectorType) => set({ connectorType })} />
        <SelectField label="Risk tier" path="riskTier" value={value.riskTier} options={RISK_TIER_OPTIONS} onChange={(riskTier) => set({ riskTier })} />
        <SelectField label="Environment" path="environment" value={value.environment} options={ENVIRONMENT_OPTIONS} onChange={(environment) => set({ environment })} />
      </div>
      <div className="grid gap-2 rounded-lg border border-line bg-surface p-3 sm:grid-cols-2">
        <TextField label="Find an owner" path="ownerSearch" placeholder="Name or email" value={ownerQuery} onChange={setOwnerQuery} />
        <SelectField
          label="Owner"
          path="ownerId"
          value={value.owner?.id ?? ""}
          options={ownerOptions}
          onChange={(id) => {
            const found = owners.data?.find((o) => o.id === id);
            set({ owner: found ? { id: found.id, name: found.name } : value.owner });
          }}
        />
      </div>
      <JsonObjectField label="Connector configuration (JSON)" path="connectorConfig" value={initial.connectorConfig} onChange={setConfig} rows={6} />
    </CatalogueForm>
  );
}
