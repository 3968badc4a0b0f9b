import type { ExceptionType, RequestKind } from "@/server/db/generated/enums";

const KINDS: { value: RequestKind; label: string; description: string }[] = [
  { value: "GRANT", label: "Grant", description: "New access from the catalogue" },
  { value: "MODIFY", label: "Modify", description: "Change the scope of access held" },
  { value: "REVOKE", label: "Revoke", description: "Remove access held" },
  { value: "ROTATE", label: "Rotate", description: "Replace a secret or certificate" },
  { value: "EXCEPTION", label: "Exception", description: "Emergency, vendor or automation" },
];

const EXCEPTIONS: { value: ExceptionType; label: string; description: string }[] = [
  { value: "EMERGENCY", label: "Emergency", description: "Break-glass for an incident; short, reviewed after" },
  { value: "VENDOR", label: "Vendor", description: "A support session, sponsored by an employee" },
  { value: "AUTOMATION", label: "Automation", description: "Onboard a service identity (NHI)" },
];

/** Native radios in a fieldset: arrow keys move between kinds, as everywhere else. */
function RadioCards<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  columns,
}: {
  name: string;
  legend: string;
  options: { value: T; label: string; description: string }[];
  value: T;
  onChange: (value: T) => void;
  columns: string;
}) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-2 text-sm font-medium text-ink">{legend}</legend>
      <div className={`grid gap-2 ${columns}`}>
        {options.map((option) => (
          <label
            key={option.value}
            className="flex cursor-pointer flex-col gap-0.5 rounded-lg border border-line bg-panel px-3 py-2.5 transition has-checked:border-brand-500 has-checked:bg-brand-50 has-checked:ring-1 has-checked:ring-brand-500 has-focus-visible:outline-2 has-focus-visible:outline-brand-500 hover:bg-surface"
          >
            <span className="flex items-center gap-2 text-sm font-semibold text-ink">
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                className="size-3.5 accent-brand-600 focus-visible:outline-none"
              />
              {option.label}
            </span>
            <span className="pl-5.5 text-xs text-muted">{option.description}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function KindPicker({
  kind,
  exceptionType,
  onKind,
  onExceptionType,
}: {
  kind: RequestKind;
  exceptionType: ExceptionType;
  onKind: (kind: RequestKind) => void;
  onExceptionType: (type: ExceptionType) => void;
}) {
  return (
    <div className="flex flex-col gap-4">
      <RadioCards name="kind" legend="Kind of request" options={KINDS} value={kind} onChange={onKind} columns="sm:grid-cols-3 lg:grid-cols-5" />
      {kind === "EXCEPTION" ? (
        <RadioCards name="exceptionType" legend="Exception type" options={EXCEPTIONS} value={exceptionType} onChange={onExceptionType} columns="sm:grid-cols-3" />
      ) : null}
    </div>
  );
}
