"use client";

import { RISK_TIERS } from "@/server/domain/policy/schema";
import { Card } from "@/components/ui/card";
import { buttonGhost, buttonSecondary } from "../styles";
import type { SectionProps } from "./edit";
import { EditorCard } from "./editor-card";
import { CheckboxField, SelectField, TextField } from "./fields";
import { BlockIssues } from "./issues";

export function SodSection({ doc, edit, entitlementRefs }: SectionProps & { entitlementRefs: string[] }) {
  const sod = doc.separationOfDuties;
  return (
    <div className="space-y-4">
      <Card className="grid gap-4 p-4 sm:grid-cols-3">
        <CheckboxField label="A requester may approve their own ticket" path="separationOfDuties.requesterMayApprove" checked={sod.requesterMayApprove} onChange={(v) => edit((d) => void (d.separationOfDuties.requesterMayApprove = v))} />
        <CheckboxField label="The subject may approve access for itself" path="separationOfDuties.subjectMayApprove" checked={sod.subjectMayApprove} onChange={(v) => edit((d) => void (d.separationOfDuties.subjectMayApprove = v))} />
        <SelectField
          label="Highest tier an NHI owner may approve alone"
          path="separationOfDuties.nhiOwnerSoleApproverMaxRiskTier"
          value={sod.nhiOwnerSoleApproverMaxRiskTier}
          options={RISK_TIERS.map((t) => ({ value: t, label: t }))}
          onChange={(v) => edit((d) => void (d.separationOfDuties.nhiOwnerSoleApproverMaxRiskTier = v))}
        />
      </Card>
      <EditorCard title="Toxic combinations" description="Nobody may hold both entitlements of a pair. Entitlements are named system:entitlement.">
        <datalist id="entitlement-refs">
          {entitlementRefs.map((ref) => (
            <option key={ref} value={ref} />
          ))}
        </datalist>
        <ul className="mt-3 space-y-2">
          {sod.toxicPairs.map((pair, i) => {
            const path = `separationOfDuties.toxicPairs.${i}`;
            return (
              <li key={i} aria-label={`Toxic pair ${pair.id}`} className="grid gap-3 rounded-lg border border-line bg-surface p-3 sm:grid-cols-2">
                <TextField label="Id" path={`${path}.id`} value={pair.id} onChange={(v) => edit((d) => void (d.separationOfDuties.toxicPairs[i]!.id = v))} />
                <TextField label="Description" path={`${path}.description`} value={pair.description} onChange={(v) => edit((d) => void (d.separationOfDuties.toxicPairs[i]!.description = v))} />
                {([0, 1] as const).map((j) => (
                  <RefField
                    key={j}
                    label={j === 0 ? "Entitlement" : "Must not be held with"}
                    path={`${path}.entitlements.${j}`}
                    value={pair.entitlements[j]}
                    onChange={(v) => edit((d) => void (d.separationOfDuties.toxicPairs[i]!.entitlements[j] = v))}
                  />
                ))}
                <div className="sm:col-span-2">
                  <BlockIssues path={`${path}.entitlements`} />
                  <div className="flex justify-end">
                    <button type="button" className={`${buttonGhost} hover:text-red-700`} aria-label={`Remove toxic pair ${pair.id}`} onClick={() => edit((d) => void d.separationOfDuties.toxicPairs.splice(i, 1))}>
                      Remove pair
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
        <button
          type="button"
          className={`${buttonSecondary} mt-3`}
          onClick={() => edit((d) => void d.separationOfDuties.toxicPairs.push({ id: `sod-pair-${d.separationOfDuties.toxicPairs.length + 1}`, description: "Describe the conflict.", entitlements: ["", ""] }))}
        >
          + Add toxic pair
        </button>
      </EditorCard>
    </div>
  );
}

/** A text field with the catalogue's entitlement names offered as suggestions. */
function RefField(props: { label: string; path: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="[&_input]:font-mono">
      <TextField {...props} placeholder="system:entitlement" list="entitlement-refs" />
    </div>
  );
}
