"use client";

import { EXCEPTION_TYPES, RISK_TIERS } from "@/server/domain/policy/schema";
import type { SectionProps } from "./edit";
import { EditorCard } from "./editor-card";
import { MultiCheckField, NumberField } from "./fields";

export function TtlSection({ doc, edit }: SectionProps) {
  const caps = doc.ttlCapsHours;
  return (
    <div className="space-y-4">
      <EditorCard title="Caps per risk tier (hours)" description={caps.note ?? "The effective cap is the smallest that applies."}>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-muted">
                <th className="py-1 pr-3 font-medium">Subject</th>
                {RISK_TIERS.map((t) => (
                  <th key={t} className="py-1 pr-3 font-medium">
                    {t}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(["humansByRiskTier", "nonHumansByRiskTier"] as const).map((row) => (
                <tr key={row} className="align-top">
                  <th scope="row" className="py-2 pr-3 text-left text-sm font-medium text-ink">
                    {row === "humansByRiskTier" ? "People" : "Non-human identities"}
                  </th>
                  {RISK_TIERS.map((tier) => (
                    <td key={tier} className="py-1 pr-3">
                      <NumberField
                        label={`${row === "humansByRiskTier" ? "People" : "NHIs"} ${tier}`}
                        path={`ttlCapsHours.${row}.${tier}`}
                        min={1}
                        value={caps[row][tier]}
                        onChange={(v) => edit((d) => void (d.ttlCapsHours[row][tier] = v ?? 0))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="mt-3">
          <MultiCheckField
            legend="Tiers a person may hold without an end date"
            path="ttlCapsHours.permanentAllowedForTiers"
            options={RISK_TIERS}
            value={caps.permanentAllowedForTiers}
            onChange={(v) => edit((d) => void (d.ttlCapsHours.permanentAllowedForTiers = v))}
          />
        </div>
      </EditorCard>
      <EditorCard title="Caps per exception type (hours)" description="An exception always carries an end date, never later than this.">
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          {EXCEPTION_TYPES.map((type) => (
            <NumberField
              key={type}
              label={`${type} cap`}
              path={`ttlCapsHours.byExceptionType.${type}`}
              min={1}
              value={caps.byExceptionType[type]}
              onChange={(v) => edit((d) => void (d.ttlCapsHours.byExceptionType[type] = v ?? 0))}
            />
          ))}
        </div>
      </EditorCard>
    </div>
  );
}
