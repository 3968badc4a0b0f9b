"use client";

import { Card } from "@/components/ui/card";
import { buttonGhost, buttonSecondary } from "../styles";
import { ConditionField } from "./condition-field";
import type { SectionProps } from "./edit";
import { NumberField, TextField } from "./fields";
import { BlockIssues } from "./issues";

export function PatternsSection({ doc, edit }: SectionProps) {
  return (
    <div className="space-y-4">
      <BlockIssues path="preApprovedPatterns" />
      {doc.preApprovedPatterns.map((pattern, i) => {
        const path = `preApprovedPatterns.${i}`;
        return (
          <Card key={i} className="p-4">
            <section aria-label={`Pattern ${pattern.id}`} className="grid gap-3 sm:grid-cols-[16rem_1fr_10rem]">
              <TextField label="Id" path={`${path}.id`} value={pattern.id} onChange={(v) => edit((d) => void (d.preApprovedPatterns[i]!.id = v))} />
              <TextField label="Description" path={`${path}.description`} value={pattern.description} onChange={(v) => edit((d) => void (d.preApprovedPatterns[i]!.description = v))} />
              <NumberField
                label="Max hours"
                path={`${path}.maxTtlHours`}
                hint="Empty: no cap of its own"
                min={1}
                value={pattern.maxTtlHours}
                onChange={(v) => edit((d) => void (d.preApprovedPatterns[i]!.maxTtlHours = v))}
              />
              <div className="sm:col-span-3">
                <ConditionField label="Matches when" path={`${path}.when`} value={pattern.when} onChange={(v) => edit((d) => void (d.preApprovedPatterns[i]!.when = v))} />
              </div>
              <div className="sm:col-span-3 flex justify-end">
                <button type="button" className={`${buttonGhost} hover:text-red-700`} aria-label={`Remove pattern ${pattern.id}`} onClick={() => edit((d) => void d.preApprovedPatterns.splice(i, 1))}>
                  Remove pattern
                </button>
              </div>
            </section>
          </Card>
        );
      })}
      <button
        type="button"
        className={buttonSecondary}
        onClick={() =>
          edit((d) =>
            void d.preApprovedPatterns.push({
              id: `pattern-${d.preApprovedPatterns.length + 1}`,
              description: "Describe who may hold what without approval.",
              when: { kinds: ["GRANT"], subjectKinds: ["HUMAN"] },
              maxTtlHours: 8,
            }),
          )
        }
      >
        + Add pattern
      </button>
    </div>
  );
}
