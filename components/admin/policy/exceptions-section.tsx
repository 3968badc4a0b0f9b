"use client";

import { EXCEPTION_TYPES } from "@/server/domain/policy/schema";
import { Card } from "@/components/ui/card";
import type { SectionProps } from "./edit";
import { CheckboxField, ListTextField, NumberField, SelectField, TextField } from "./fields";

/** EMERGENCY, VENDOR and AUTOMATION: their workflow, hard cap, required fields and follow-up. */
export function ExceptionsSection({ doc, edit }: SectionProps) {
  const workflowOptions = doc.workflows.map((w) => ({ value: w.key, label: w.name }));
  return (
    <div className="space-y-4">
      {EXCEPTION_TYPES.map((type) => {
        const path = `exceptionTypes.${type}`;
        const exception = doc.exceptionTypes[type];
        return (
          <Card key={type} className="p-4">
            <section aria-label={`Exception ${type}`} className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
              <h3 className="text-sm font-semibold text-ink sm:col-span-2 xl:col-span-4">{type.charAt(0) + type.slice(1).toLowerCase()}</h3>
              <TextField label="Description" path={`${path}.description`} value={exception.description} onChange={(v) => edit((d) => void (d.exceptionTypes[type].description = v))} className="sm:col-span-2" />
              <SelectField label="Workflow" path={`${path}.workflow`} value={exception.workflow} options={workflowOptions} onChange={(v) => edit((d) => void (d.exceptionTypes[type].workflow = v))} className="sm:col-span-2" />
              <NumberField label="Hard cap (hours)" path={`${path}.maxTtlHours`} min={1} value={exception.maxTtlHours} onChange={(v) => edit((d) => void (d.exceptionTypes[type].maxTtlHours = v ?? 0))} />
              <NumberField
                label="Follow-up review within (hours)"
                path={`${path}.followUpReviewWithinHours`}
                hint="Empty: no follow-up review"
                min={1}
                value={exception.followUpReviewWithinHours}
                onChange={(v) =>
                  edit((d) => {
                    if (v === null) delete d.exceptionTypes[type].followUpReviewWithinHours;
                    else d.exceptionTypes[type].followUpReviewWithinHours = v;
                  })
                }
              />
              <CheckboxField
                label="Break-glass: grant at once, review afterwards (needs a follow-up review)"
                path={`${path}.grantAtOnce`}
                checked={exception.grantAtOnce}
                onChange={(v) => edit((d) => void (d.exceptionTypes[type].grantAtOnce = v))}
              />
              <SelectField
                label="Session logging"
                path={`${path}.sessionLogging`}
                value={exception.sessionLogging}
                options={[
                  { value: "standard", label: "Standard" },
                  { value: "full", label: "Full" },
                ]}
                onChange={(v) => edit((d) => void (d.exceptionTypes[type].sessionLogging = v))}
              />
              <ListTextField
                label="Required fields (comma-separated)"
                path={`${path}.requiredFields`}
                value={exception.requiredFields}
                onChange={(v) => edit((d) => void (d.exceptionTypes[type].requiredFields = v))}
              />
            </section>
          </Card>
        );
      })}
    </div>
  );
}
