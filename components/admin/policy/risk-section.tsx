"use client";

import { RISK_TIERS } from "@/server/domain/policy/schema";
import { buttonGhost, buttonSecondary } from "../styles";
import { ConditionField } from "./condition-field";
import type { SectionProps } from "./edit";
import { EditorCard } from "./editor-card";
import { NumberField, SelectField, TextField } from "./fields";
import { BlockIssues } from "./issues";

const TIER_OPTIONS = RISK_TIERS.map((t) => ({ value: t, label: t }));

export function RiskSection({ doc, edit }: SectionProps) {
  const scoring = doc.riskScoring;
  return (
    <div className="space-y-4">
      <EditorCard title="Base score per entitlement tier" description="Where a request starts, from 0 to 100, before modifiers.">
        <div className="mt-3 grid gap-3 sm:grid-cols-4">
          {RISK_TIERS.map((tier) => (
            <NumberField
              key={tier}
              label={`${tier} base score`}
              path={`riskScoring.baseByEntitlementTier.${tier}`}
              min={0}
              value={scoring.baseByEntitlementTier[tier]}
              onChange={(v) => edit((d) => void (d.riskScoring.baseByEntitlementTier[tier] = v ?? 0))}
            />
          ))}
        </div>
      </EditorCard>

      <EditorCard title="Tier thresholds" description="A score up to the maximum falls in that tier; tiers run from low to critical.">
        <BlockIssues path="riskScoring.tiers" />
        <div className="mt-3 grid gap-3 sm:grid-cols-4">
          {scoring.tiers.map((row, i) => (
            <div key={i} className="grid grid-cols-2 gap-2 rounded-lg border border-line bg-surface p-2">
              <SelectField label="Tier" path={`riskScoring.tiers.${i}.tier`} value={row.tier} options={TIER_OPTIONS} onChange={(v) => edit((d) => void (d.riskScoring.tiers[i]!.tier = v))} />
              <NumberField label="Max score" path={`riskScoring.tiers.${i}.maxScore`} min={0} value={row.maxScore} onChange={(v) => edit((d) => void (d.riskScoring.tiers[i]!.maxScore = v ?? 0))} />
            </div>
          ))}
        </div>
      </EditorCard>

      <EditorCard title="Modifiers" description="Points added (or removed) when a condition holds.">
        <ul className="mt-3 space-y-2">
          {scoring.modifiers.map((m, i) => {
            const path = `riskScoring.modifiers.${i}`;
            return (
              <li key={i} aria-label={`Modifier ${m.id}`} className="grid gap-3 rounded-lg border border-line bg-surface p-3 sm:grid-cols-[10rem_6rem_1fr_auto]">
                <TextField label="Id" path={`${path}.id`} value={m.id} onChange={(v) => edit((d) => void (d.riskScoring.modifiers[i]!.id = v))} />
                <NumberField label="Add" path={`${path}.add`} value={m.add} onChange={(v) => edit((d) => void (d.riskScoring.modifiers[i]!.add = v ?? 0))} />
                <TextField label="Reason" path={`${path}.reason`} value={m.reason} onChange={(v) => edit((d) => void (d.riskScoring.modifiers[i]!.reason = v))} />
                <button type="button" className={`${buttonGhost} self-end hover:text-red-700`} aria-label={`Remove modifier ${m.id}`} onClick={() => edit((d) => void d.riskScoring.modifiers.splice(i, 1))}>
                  Remove
                </button>
                <div className="sm:col-span-4">
                  <ConditionField label="When" path={`${path}.when`} value={m.when} onChange={(v) => edit((d) => void (d.riskScoring.modifiers[i]!.when = v))} />
                </div>
              </li>
            );
          })}
        </ul>
        <button
          type="button"
          className={`${buttonSecondary} mt-3`}
          onClick={() => edit((d) => void d.riskScoring.modifiers.push({ id: `modifier-${d.riskScoring.modifiers.length + 1}`, when: {}, add: 5, reason: "describe why" }))}
        >
          + Add modifier
        </button>
      </EditorCard>
    </div>
  );
}
