"use client";

import { Card } from "@/components/ui/card";
import { buttonGhost, buttonSecondary } from "../styles";
import { move, type SectionProps } from "./edit";
import { TextField } from "./fields";
import { BlockIssues, useIssues } from "./issues";
import { StageEditor } from "./stage-editor";

export function WorkflowsSection({ doc, edit }: SectionProps) {
  const groups = Object.keys(doc.groups);
  const issues = useIssues();
  return (
    <div className="space-y-4">
      <BlockIssues path="workflows" />
      {doc.workflows.map((workflow, w) => {
        const path = `workflows.${w}`;
        const usedBy = doc.rules.filter((r) => r.then.workflow === workflow.key).map((r) => r.id);
        return (
          <Card key={w} className="p-4">
            <section aria-label={`Workflow ${workflow.key}`}>
              <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
                <div className="grid flex-1 gap-3 sm:grid-cols-[14rem_1fr]">
                  <TextField label="Key" path={`${path}.key`} value={workflow.key} onChange={(v) => edit((d) => void (d.workflows[w]!.key = v))} />
                  <TextField label="Name" path={`${path}.name`} value={workflow.name} onChange={(v) => edit((d) => void (d.workflows[w]!.name = v))} />
                </div>
                <button
                  type="button"
                  className={`${buttonGhost} mt-5 hover:text-red-700`}
                  aria-label={`Remove workflow ${workflow.key}`}
                  onClick={() => edit((d) => void d.workflows.splice(w, 1))}
                >
                  Remove workflow
                </button>
              </div>
              <p className="mb-2 text-xs text-muted">
                {usedBy.length > 0 ? `Used by rules: ${usedBy.join(", ")}` : "No rule routes to this workflow."}
                {issues.under(path).length > 0 ? <span className="ml-2 font-medium text-red-700">{issues.under(path).length} issue(s)</span> : null}
              </p>
              <BlockIssues path={`${path}.stages`} />
              <ol className="space-y-2">
                {workflow.stages.map((stage, s) => (
                  <StageEditor
                    key={s}
                    stage={stage}
                    index={s}
                    count={workflow.stages.length}
                    path={`${path}.stages.${s}`}
                    groups={groups}
                    onChange={(change) => edit((d) => change(d.workflows[w]!.stages[s]!))}
                    onMove={(delta) => edit((d) => move(d.workflows[w]!.stages, s, delta))}
                    onRemove={() => edit((d) => void d.workflows[w]!.stages.splice(s, 1))}
                  />
                ))}
              </ol>
              <button
                type="button"
                className={`${buttonSecondary} mt-3`}
                onClick={() =>
                  edit((d) =>
                    void d.workflows[w]!.stages.push({ name: "New stage", approvers: { type: "subject_manager" }, quorum: 1, slaHours: 24 }),
                  )
                }
              >
                + Add stage
              </button>
            </section>
          </Card>
        );
      })}
      <button
        type="button"
        className={buttonSecondary}
        onClick={() =>
          edit((d) =>
            void d.workflows.push({
              key: `workflow-${d.workflows.length + 1}`,
              name: "New workflow",
              stages: [{ name: "Manager", approvers: { type: "subject_manager" }, quorum: 1, slaHours: 24 }],
            }),
          )
        }
      >
        + Add workflow
      </button>
    </div>
  );
}
