"use client";

import type { ApproverSelector } from "@/server/domain/policy/schema";
import { ListTextField, SelectField, TextField } from "./fields";

type SelectorType = ApproverSelector["type"];

const TYPE_OPTIONS: { value: SelectorType; label: string }[] = [
  { value: "users", label: "Named users" },
  { value: "group", label: "A group" },
  { value: "department", label: "A department" },
  { value: "subject_manager", label: "The subject's manager" },
  { value: "resource_owner", label: "The system owner" },
  { value: "nhi_owner", label: "The NHI owner" },
  { value: "sponsor", label: "The sponsor" },
  { value: "manager_of_approver", label: "The approver's manager" },
];

/** A fresh selector of a type, keeping what can be kept from the previous one. */
function selectorOf(type: SelectorType, groups: string[]): ApproverSelector {
  switch (type) {
    case "users":
      return { type, emails: [] };
    case "group":
      return { type, group: groups[0] ?? "" };
    case "department":
      return { type, department: "" };
    case "nhi_owner":
      return { type, whenRequesterIsOwner: "backup_owner" };
    default:
      return { type };
  }
}

export function describeSelector(selector: ApproverSelector): string {
  switch (selector.type) {
    case "users":
      return selector.emails.join(", ") || "named users";
    case "group":
      return `group ${selector.group}`;
    case "department":
      return `department ${selector.department}`;
    default:
      return TYPE_OPTIONS.find((o) => o.value === selector.type)?.label ?? selector.type;
  }
}

export function ApproverSelectorField({
  label,
  path,
  value,
  groups,
  onChange,
}: {
  label: string;
  path: string;
  value: ApproverSelector;
  groups: string[];
  onChange: (v: ApproverSelector) => void;
}) {
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <SelectField label={label} path={`${path}.type`} value={value.type} options={TYPE_OPTIONS} onChange={(t) => onChange(selectorOf(t, groups))} />
      {value.type === "users" ? (
        <ListTextField label="Emails (comma-separated)" path={`${path}.emails`} value={value.emails} onChange={(emails) => onChange({ type: "users", emails })} />
      ) : null}
      {value.type === "group" ? (
        <SelectField
          label="Group"
          path={`${path}.group`}
          value={value.group}
          options={groups.map((g) => ({ value: g, label: g }))}
          onChange={(g) => onChange({ type: "group", group: g })}
        />
      ) : null}
      {value.type === "department" ? (
        <TextField label="Department" path={`${path}.department`} value={value.department} onChange={(d) => onChange({ type: "department", department: d })} />
      ) : null}
      {value.type === "nhi_owner" ? (
        <SelectField
          label="When the requester is the owner"
          path={`${path}.whenRequesterIsOwner`}
          value={value.whenRequesterIsOwner ?? "none"}
          options={[
            { value: "backup_owner", label: "The backup owner approves" },
            { value: "none", label: "The owner approves" },
          ]}
          onChange={(v) => onChange(v === "backup_owner" ? { type: "nhi_owner", whenRequesterIsOwner: "backup_owner" } : { type: "nhi_owner" })}
        />
      ) : null}
    </div>
  );
}
