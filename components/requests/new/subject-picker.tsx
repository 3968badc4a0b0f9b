import type { RequestableSubject } from "@/server/domain/identities/requestable";
import type { SubjectMode } from "./form-state";
import { Field, Select } from "./field";

const RELATION: Record<RequestableSubject["relation"], string> = {
  self: "you",
  report: "reports to you",
  colleague: "your department",
  external: "outside your team",
  owner: "you own it",
  backup_owner: "you are backup owner",
};

export function SubjectPicker({
  subjects,
  mode,
  subjectId,
  allowNewNhi,
  error,
  onChange,
}: {
  subjects: RequestableSubject[];
  mode: SubjectMode;
  subjectId: string;
  allowNewNhi: boolean;
  error?: string;
  onChange: (mode: SubjectMode, subjectId: string) => void;
}) {
  const self = subjects.find((s) => s.relation === "self");
  const others = subjects.filter((s) => s.relation !== "self");
  const people = others.filter((s) => s.kind === "HUMAN");
  const nhis = others.filter((s) => s.kind === "NHI");
  const chosen = subjects.find((s) => s.id === subjectId);
  const options: { value: SubjectMode; label: string }[] = [
    { value: "self", label: self ? `Myself (${self.displayName})` : "Myself" },
    { value: "other", label: "A person I may request for, or an NHI I own" },
    ...(allowNewNhi ? [{ value: "new-nhi" as const, label: "Register a new NHI" }] : []),
  ];
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-ink">Who is the access for?</legend>
        <div className="flex flex-wrap gap-2">
          {options.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded-lg border border-line px-3 py-2 text-sm text-ink has-checked:border-brand-500 has-checked:bg-brand-50 has-checked:ring-1 has-checked:ring-brand-500 hover:bg-surface"
            >
              <input
                type="radio"
                name="subjectMode"
                value={option.value}
                checked={mode === option.value}
                onChange={() => onChange(option.value, option.value === "self" ? (self?.id ?? "") : option.value === "other" ? (others[0]?.id ?? "") : "")}
                className="size-3.5 accent-brand-600"
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === "other" ? (
        <Field id="subjectId" label="Person or NHI" error={error} hint={chosen ? describe(chosen) : undefined}>
          <Select id="subjectId" error={error} hasHint={!!chosen} value={subjectId} onChange={(event) => onChange("other", event.target.value)}>
            {people.length > 0 ? (
              <optgroup label="People">
                {people.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName} · {RELATION[s.relation]}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {nhis.length > 0 ? (
              <optgroup label="Non-human identities">
                {nhis.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName} ({s.name}) · {RELATION[s.relation]}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </Select>
        </Field>
      ) : mode === "self" && error ? (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describe(s: RequestableSubject): string {
  if (s.kind === "HUMAN") return `Person${s.department ? ` in ${s.department}` : ""}.`;
  const type = s.nhiType ? s.nhiType.toLowerCase().replaceAll("_", " ") : "NHI";
  const env = s.environment ? `, ${s.environment.toLowerCase()}` : "";
  return `${type}${env}. Owner ${s.owner?.name ?? "none"}, backup owner ${s.backupOwner?.name ?? "none"}.`;
}
