"use client";

import { ROUTES } from "@/server/domain/policy/schema";
import { buttonSecondary } from "../styles";
import { ConditionField } from "./condition-field";
import { move, type SectionProps } from "./edit";
import { SelectField, TextField } from "./fields";
import { BlockIssues } from "./issues";
import { OrderedItemHeader } from "./ordered-item-header";

const ROUTE_LABELS: Record<(typeof ROUTES)[number], string> = {
  AUTO_APPROVE: "Auto-approve",
  WORKFLOW: "Workflow",
  REJECT: "Reject",
};

/** Rules decide in order: the first whose condition holds routes the request. */
export function RulesSection({ doc, edit }: SectionProps) {
  const workflowOptions = doc.workflows.map((w) => ({ value: w.key, label: w.name }));
  return (
    <div className="space-y-3">
      <BlockIssues path="rules" />
      <ol className="space-y-3">
        {doc.rules.map((rule, i) => {
          const path = `rules.${i}`;
          const label = `Rule ${i + 1}: ${rule.id}`;
          return (
            <li key={i} aria-label={label} className="rounded-card border border-line bg-panel px-4 py-3 shadow-card">
              <OrderedItemHeader index={i} count={doc.rules.length} kind="Rule" title={label} onMove={(delta) => edit((d) => move(d.rules, i, delta))} onRemove={() => edit((d) => void d.rules.splice(i, 1))} />
              <BlockIssues path={path} />
              <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-[11rem_1fr_11rem_17rem]">
                <TextField label="Id" path={`${path}.id`} value={rule.id} onChange={(v) => edit((d) => void (d.rules[i]!.id = v))} />
                <TextField label="Description" path={`${path}.description`} value={rule.description} onChange={(v) => edit((d) => void (d.rules[i]!.description = v))} />
                <SelectField
                  label="Route"
                  path={`${path}.then.route`}
                  value={rule.then.route}
                  options={ROUTES.map((r) => ({ value: r, label: ROUTE_LABELS[r] }))}
                  onChange={(route) =>
                    edit((d) => {
                      d.rules[i]!.then = route === "WORKFLOW" ? { route, workflow: d.rules[i]!.then.workflow ?? d.workflows[0]?.key ?? "" } : { route };
                    })
                  }
                />
                {rule.then.route === "WORKFLOW" ? (
                  <SelectField
                    label="Workflow"
                    path={`${path}.then.workflow`}
                    value={rule.then.workflow ?? ""}
                    options={workflowOptions}
                    onChange={(workflow) => edit((d) => void (d.rules[i]!.then = { route: "WORKFLOW", workflow }))}
                  />
                ) : (
                  <div />
                )}
                <div className="sm:col-span-2 xl:col-span-4">
                  <ConditionField label="When" path={`${path}.when`} value={rule.when} onChange={(v) => edit((d) => void (d.rules[i]!.when = v))} />
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className={buttonSecondary}
        onClick={() =>
          edit((d) => {
            // New rules go before the last one, which is usually the catch-all default.
            d.rules.splice(Math.max(0, d.rules.length - 1), 0, { id: `rule-${d.rules.length + 1}`, description: "Describe what this rule decides.", when: { kinds: ["GRANT"] }, then: { route: "WORKFLOW", workflow: d.workflows[0]?.key ?? "" } });
          })
        }
      >
        + Add rule
      </button>
    </div>
  );
}
