import type { PersonOption } from "@/server/domain/identities/requestable";
import { Environment, NhiType } from "@/server/db/generated/enums";
import type { RequestFormState } from "./form-state";
import { Field, Select, TextArea, TextInput } from "./field";

type Errors = Record<string, string>;
type Patch = (patch: Partial<RequestFormState>) => void;

export function EmergencyFields({ state, errors, onChange }: { state: RequestFormState; errors: Errors; onChange: Patch }) {
  return (
    <Field id="incidentId" label="Incident id" hint="The incident this break-glass access is for, e.g. INC-2041. A follow-up review opens after it." error={errors.incidentId}>
      <TextInput id="incidentId" hasHint error={errors.incidentId} value={state.incidentId} onChange={(e) => onChange({ incidentId: e.target.value })} placeholder="INC-0000" />
    </Field>
  );
}

export function VendorFields({ state, errors, people, onChange }: { state: RequestFormState; errors: Errors; people: PersonOption[]; onChange: Patch }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Field id="sponsorId" label="Sponsor" hint="The employee who answers for the vendor's session." error={errors.sponsorId} className="sm:col-span-3">
        <Select id="sponsorId" hasHint error={errors.sponsorId} value={state.sponsorId} onChange={(e) => onChange({ sponsorId: e.target.value })}>
          <option value="">Choose a sponsor…</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · {p.department}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="vendorWindowStart" label="Session starts (UTC)" error={errors.vendorWindowStart}>
        <TextInput id="vendorWindowStart" type="datetime-local" error={errors.vendorWindowStart} value={state.vendorWindowStart} onChange={(e) => onChange({ vendorWindowStart: e.target.value })} />
      </Field>
      <Field id="vendorWindowEnd" label="Session ends (UTC)" error={errors.vendorWindowEnd}>
        <TextInput id="vendorWindowEnd" type="datetime-local" error={errors.vendorWindowEnd} value={state.vendorWindowEnd} onChange={(e) => onChange({ vendorWindowEnd: e.target.value })} />
      </Field>
    </div>
  );
}

const label = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");

/** The facts an NHI ticket must carry (DESIGN: owner, backup owner, workload, dependencies, scope, rotation, duration). */
export function NewNhiFields({ state, errors, people, onChange }: { state: RequestFormState; errors: Errors; people: PersonOption[]; onChange: Patch }) {
  const nhi = state.nhi;
  const set = (patch: Partial<RequestFormState["nhi"]>) => onChange({ nhi: { ...nhi, ...patch } });
  const e = (key: string) => errors[`newNhi.${key}`];
  const personSelect = (key: "ownerId" | "backupOwnerId", placeholder: string) => (
    <Select id={`nhi-${key}`} error={e(key)} value={nhi[key]} onChange={(ev) => set({ [key]: ev.target.value })}>
      <option value="">{placeholder}</option>
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} · {p.department}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id="nhi-name" label="Identity name" hint="Lowercase, digits and dashes, e.g. billing-exporter." error={e("name")}>
        <TextInput id="nhi-name" hasHint error={e("name")} value={nhi.name} onChange={(ev) => set({ name: ev.target.value })} autoComplete="off" />
      </Field>
      <Field id="nhi-displayName" label="Display name" error={e("displayName")}>
        <TextInput id="nhi-displayName" error={e("displayName")} value={nhi.displayName} onChange={(ev) => set({ displayName: ev.target.value })} />
      </Field>
      <Field id="nhi-nhiType" label="Type" error={e("nhiType")}>
        <Select id="nhi-nhiType" error={e("nhiType")} value={nhi.nhiType} onChange={(ev) => set({ nhiType: ev.target.value as RequestFormState["nhi"]["nhiType"] })}>
          {Object.values(NhiType).map((t) => (
            <option key={t} value={t}>
              {label(t)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="nhi-environment" label="Environment" error={e("environment")}>
        <Select id="nhi-environment" error={e("environment")} value={nhi.environment} onChange={(ev) => set({ environment: ev.target.value as RequestFormState["nhi"]["environment"] })}>
          {Object.values(Environment).map((t) => (
            <option key={t} value={t}>
              {label(t)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="nhi-ownerId" label="Owner" error={e("ownerId")}>
        {personSelect("ownerId", "Choose an owner…")}
      </Field>
      <Field id="nhi-backupOwnerId" label="Backup owner" error={e("backupOwnerId")}>
        {personSelect("backupOwnerId", "Choose a backup owner…")}
      </Field>
      <Field id="nhi-workload" label="Workload" hint="The workload or system that uses the identity." error={e("workload")}>
        <TextInput id="nhi-workload" hasHint error={e("workload")} value={nhi.workload} onChange={(ev) => set({ workload: ev.target.value })} />
      </Field>
      <Field id="nhi-dependencies" label="System-to-system dependencies" hint="Comma-separated, e.g. payments-db, ledger-api." error={e("dependencies")}>
        <TextInput id="nhi-dependencies" hasHint error={e("dependencies")} value={nhi.dependencies} onChange={(ev) => set({ dependencies: ev.target.value })} />
      </Field>
      <Field id="nhi-credentialScope" label="Secret or certificate scope" error={e("credentialScope")} className="sm:col-span-2">
        <TextArea id="nhi-credentialScope" rows={2} error={e("credentialScope")} value={nhi.credentialScope} onChange={(ev) => set({ credentialScope: ev.target.value })} />
      </Field>
      <Field id="nhi-rotationPeriodDays" label="Rotation period (days)" error={e("rotationPeriodDays")}>
        <TextInput id="nhi-rotationPeriodDays" type="number" min={1} max={365} error={e("rotationPeriodDays")} value={nhi.rotationPeriodDays} onChange={(ev) => set({ rotationPeriodDays: ev.target.value })} />
      </Field>
      <Field id="nhi-intendedUntil" label="Intended until (UTC)" hint="When the service is expected to be retired." error={e("intendedUntil")}>
        <TextInput id="nhi-intendedUntil" type="datetime-local" hasHint error={e("intendedUntil")} value={nhi.intendedUntil} onChange={(ev) => set({ intendedUntil: ev.target.value })} />
      </Field>
    </div>
  );
}
